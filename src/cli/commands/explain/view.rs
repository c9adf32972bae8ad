//! How `explain` shows an explanation as text: the parts asked for (`--only`), with or
//! without the rules (`--brief`), coloured on a terminal. The ABI crate names the style of
//! each piece of text; this maps the styles to colours (`crate::cli::color`).

use anstyle::{AnsiColor, Color, Style};
use clap::{Args, ValueEnum};
use wavecall::abi::{Explanation, FunctionAbi, Part, StyledWrite, TextStyle, TextView};

use crate::cli::color;

/// The text view's options.
#[derive(Args)]
pub struct ViewArgs {
    /// Show only this part of the explanation; repeat for several (text format). Without
    /// it a summary leads, then every part
    #[arg(long, value_enum, value_name = "PART")]
    only: Vec<PartArg>,
    /// Leave out the paragraphs that explain a rule (why values spill, how a result is
    /// worked out, `post-return`, the lifting rules): for readers who know them (text
    /// format)
    #[arg(long)]
    brief: bool,
}

/// The parts `--only` can name.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum PartArg {
    /// The core signature, what spills, the bytes written and the `cabi_realloc` calls
    Summary,
    /// Size, alignment and offsets of every parameter and result type
    Layout,
    /// The core signatures of `canon lift` and `canon lower`, and why
    Signature,
    /// The flat core values of the arguments and the `cabi_realloc` calls
    Lowering,
    /// The memory the lowering writes, byte by byte
    Memory,
    /// The result and how it was lifted
    Lifting,
}

impl PartArg {
    fn part(self) -> Part {
        match self {
            PartArg::Summary => Part::Summary,
            PartArg::Layout => Part::Layout,
            PartArg::Signature => Part::Signature,
            PartArg::Lowering => Part::Lowering,
            PartArg::Memory => Part::Memory,
            PartArg::Lifting => Part::Lifting,
        }
    }
}

impl ViewArgs {
    /// The view asked for; `call` says whether there is a call to show the lowering of.
    pub fn view(&self, call: bool) -> Result<TextView, String> {
        if let Some(part) = self.only.iter().find(|p| p.part().needs_call() && !call) {
            let name = part.to_possible_value().expect("no skipped value");
            return Err(format!(
                "`--only {}` needs a call: give `--invoke CALL`",
                name.get_name()
            ));
        }
        let mut view = match self.only.is_empty() {
            true => TextView::default(),
            false => TextView::only(self.only.iter().map(|p| p.part())),
        };
        view.brief = self.brief;
        Ok(view)
    }

    /// Whether any option of the text view was given (they do not apply to JSON).
    pub fn given(&self) -> bool {
        !self.only.is_empty() || self.brief
    }
}

/// What `explain` shows.
pub enum Shown {
    /// A function's ABI, without values.
    Function(Box<FunctionAbi>),
    /// A call explained.
    Call(Box<Explanation>),
}

impl Shown {
    /// The text view, coloured when standard output gets colour.
    pub fn text(&self, view: &TextView) -> String {
        let mut out = Painter {
            text: String::new(),
            colour: color::stdout(),
        };
        match self {
            Shown::Function(abi) => abi.render(view, &mut out),
            Shown::Call(explained) => explained.render(view, &mut out),
        }
        out.text
    }

    pub fn json(&self) -> serde_json::Value {
        match self {
            Shown::Function(abi) => serde_json::json!({ "function": abi }),
            Shown::Call(explained) => serde_json::json!(explained),
        }
    }
}

/// The colours a dump cycles through, one per field: its bytes and its label alike.
const FIELDS: [AnsiColor; 5] = [
    AnsiColor::Cyan,
    AnsiColor::Magenta,
    AnsiColor::Yellow,
    AnsiColor::Green,
    AnsiColor::Blue,
];

/// Text in the colours of its styles.
struct Painter {
    text: String,
    colour: bool,
}

impl StyledWrite for Painter {
    fn write_styled(&mut self, style: TextStyle, text: &str) {
        let style = match style {
            TextStyle::Plain | TextStyle::Rule => Style::new(),
            TextStyle::Heading => Style::new().bold(),
            TextStyle::Field(n) => {
                Style::new().fg_color(Some(Color::Ansi(FIELDS[n % FIELDS.len()])))
            }
            TextStyle::Unwritten => color::DIM,
        };
        // One line at a time, so that a pager or `less -R` never sees a colour span lines.
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                self.text.push('\n');
            }
            self.text.push_str(&color::paint(line, style, self.colour));
        }
    }
}
