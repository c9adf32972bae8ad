//! The text view: an explanation rendered for people. The JSON view is the `Serialize`
//! implementation beside each type, with the same fields.
//!
//! The view leads with a short summary, then shows the parts a [`TextView`] selects. It
//! writes through [`StyledWrite`], naming a [`TextStyle`] for each piece of text, so that a
//! front end can colour what it means (a field's bytes and its label alike); this crate never
//! emits terminal escapes. `Display` writes the default view as plain text.

mod layout;
mod sections;
mod tables;

use std::fmt::{self, Display, Formatter};

use crate::{
    CallLowering, CoreType, Explanation, FlatValue, FunctionAbi, ResultLifting, StringEncoding,
};

/// What a piece of the text view is, for a front end that colours it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TextStyle {
    /// Ordinary text.
    Plain,
    /// The title of a part or a section.
    Heading,
    /// The bytes of one field in a memory dump and the field's label, numbered in the order
    /// the fields appear in a block (a front end cycles through a few colours).
    Field(usize),
    /// Bytes nobody wrote (padding, room for a larger case) and their label.
    Unwritten,
    /// A paragraph that explains a rule rather than this call.
    Rule,
}

/// Where the text view writes.
pub trait StyledWrite {
    /// Appends `text` (which may hold line breaks) in `style`.
    fn write_styled(&mut self, style: TextStyle, text: &str);
}

/// Plain text: the styles are dropped.
impl StyledWrite for String {
    fn write_styled(&mut self, _: TextStyle, text: &str) {
        self.push_str(text);
    }
}

/// A part of an explanation that the text view can show on its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Part {
    /// The core signature, whether anything spills to memory, the bytes written and the
    /// `cabi_realloc` calls, the result: what the default view leads with.
    Summary,
    /// The size, alignment and inner layout of every parameter and result type.
    Layout,
    /// The core signatures of `canon lift` and `canon lower`, with why values travel as
    /// they do.
    Signature,
    /// The flat core values of the arguments and the `cabi_realloc` calls.
    Lowering,
    /// The memory the lowering writes, byte by byte.
    Memory,
    /// The call's result and how it was lifted.
    Lifting,
}

impl Part {
    /// Every part, in the order the view shows them.
    pub const ALL: [Part; 6] = [
        Part::Summary,
        Part::Layout,
        Part::Signature,
        Part::Lowering,
        Part::Memory,
        Part::Lifting,
    ];

    /// Whether the part needs the values of a call (a signature alone has no lowering).
    pub fn needs_call(self) -> bool {
        matches!(self, Part::Lowering | Part::Memory | Part::Lifting)
    }
}

/// Which parts the text view shows, and whether it explains the rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextView {
    /// The parts, shown in the order of [`Part::ALL`] whatever the order here.
    pub parts: Vec<Part>,
    /// Leaves out the paragraphs that explain a rule (why values spill, how a result is
    /// worked out, `post-return`, the lifting rules) for a reader who knows them.
    pub brief: bool,
}

impl Default for TextView {
    /// Every part, rules included.
    fn default() -> TextView {
        TextView {
            parts: Part::ALL.to_vec(),
            brief: false,
        }
    }
}

impl TextView {
    /// Only `parts`, rules included.
    pub fn only(parts: impl IntoIterator<Item = Part>) -> TextView {
        TextView {
            parts: parts.into_iter().collect(),
            brief: false,
        }
    }

    fn shows(&self, part: Part) -> bool {
        self.parts.contains(&part)
    }
}

impl Explanation {
    /// Writes the parts of the explanation that `view` selects to `out`.
    pub fn render(&self, view: &TextView, out: &mut dyn StyledWrite) {
        sections::explanation(self, view, &mut Out::new(out));
    }
}

impl FunctionAbi {
    /// Writes the parts of the function's ABI that `view` selects to `out`: the summary, the
    /// layout and the signature (the other parts need a call).
    pub fn render(&self, view: &TextView, out: &mut dyn StyledWrite) {
        sections::function(self, view, &mut Out::new(out));
    }
}

/// The text view's writer: paragraphs separated by one blank line, whatever shows.
pub(crate) struct Out<'w> {
    w: &'w mut dyn StyledWrite,
    started: bool,
}

impl<'w> Out<'w> {
    fn new(w: &'w mut dyn StyledWrite) -> Out<'w> {
        Out { w, started: false }
    }

    /// Starts a paragraph: a blank line after the previous one.
    pub(crate) fn paragraph(&mut self) {
        if self.started {
            self.w.write_styled(TextStyle::Plain, "\n");
        }
        self.started = true;
    }

    pub(crate) fn styled(&mut self, style: TextStyle, text: &str) {
        self.w.write_styled(style, text);
    }

    pub(crate) fn text(&mut self, text: &str) {
        self.styled(TextStyle::Plain, text);
    }

    /// `text` and a line break.
    pub(crate) fn line(&mut self, text: &str) {
        self.text(text);
        self.text("\n");
    }

    /// A heading line.
    pub(crate) fn heading(&mut self, text: &str) {
        self.styled(TextStyle::Heading, text);
        self.text("\n");
    }
}

impl Display for CoreType {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CoreType::I32 => "i32",
            CoreType::I64 => "i64",
            CoreType::F32 => "f32",
            CoreType::F64 => "f64",
        })
    }
}

impl Display for StringEncoding {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            StringEncoding::Utf8 => "utf-8",
            StringEncoding::Utf16 => "utf-16",
            StringEncoding::CompactUtf16 => "latin1+utf-16",
        })
    }
}

/// The value of a flat core value as a learner reads it: small `i32`s in decimal, the rest
/// with their bits in hex too, floats as numbers.
impl Display for FlatValue {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let bits = self.bits;
        let text = match self.ty {
            CoreType::I32 => {
                let bits = bits as u32;
                if bits as i32 >= 0 && bits < 0x1_0000 {
                    format!("{bits}")
                } else {
                    format!("{} ({bits:#010x})", bits as i32)
                }
            }
            CoreType::I64 => format!("{} ({bits:#018x})", bits as i64),
            CoreType::F32 => format!("{} ({bits:#010x})", f32::from_bits(bits as u32)),
            CoreType::F64 => format!("{} ({bits:#018x})", f64::from_bits(bits)),
        };
        f.pad(&text)
    }
}

/// Renders with `render` into a plain string.
fn plain(render: impl FnOnce(&mut Out<'_>)) -> String {
    let mut text = String::new();
    render(&mut Out::new(&mut text));
    text
}

/// The default view: the summary, then every part.
impl Display for Explanation {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let mut text = String::new();
        self.render(&TextView::default(), &mut text);
        f.write_str(&text)
    }
}

/// The summary, the layout and the signature.
impl Display for FunctionAbi {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let mut text = String::new();
        self.render(&TextView::default(), &mut text);
        f.write_str(&text)
    }
}

/// The flat values, the `cabi_realloc` calls and the memory written.
impl Display for CallLowering {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(&plain(|out| {
            sections::lowering(self, out);
            sections::memory(self, out);
        }))
    }
}

/// The core result and the memory the guest wrote, with the rules that apply.
impl Display for ResultLifting {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let view = TextView::default();
        f.write_str(&plain(|out| sections::lifting(self, &view, out)))
    }
}
