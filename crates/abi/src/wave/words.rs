//! Small pieces of WAVE text handling that both value converters share (this crate's, over
//! WIT types, and wavecall's, over Wasmtime's types): keywords, the elements of a node,
//! integer bounds and long numbers in messages, and the nearest name for a typo.

use wasm_wave::ast::{Node, NodeType};

/// The words WAVE reads as keywords wherever a value may stand; a label spelt like one
/// takes a `%`.
pub fn is_keyword(word: &str) -> bool {
    matches!(
        word,
        "true" | "false" | "some" | "none" | "ok" | "err" | "inf" | "nan"
    )
}

/// The elements of a tuple or list node (none for other nodes).
pub fn children(node: &Node) -> Vec<&Node> {
    match node.ty() {
        NodeType::Tuple => node.as_tuple().map(Iterator::collect).unwrap_or_default(),
        NodeType::List => node.as_list().map(Iterator::collect).unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// The ranges of the integer types, for messages.
pub mod num_bounds {
    /// The range of an integer type, for messages.
    pub trait Bounds {
        /// The smallest value.
        const MIN: i128;
        /// The largest value.
        const MAX: i128;
    }
    macro_rules! bounds {
        ($($t:ty),*) => {$(
            impl Bounds for $t {
                const MIN: i128 = <$t>::MIN as i128;
                const MAX: i128 = <$t>::MAX as i128;
            }
        )*};
    }
    bounds!(i8, u8, i16, u16, i32, u32, i64, u64);
}

/// A number too long for a one-line message, as its first and last digits and its length.
pub fn shorten_number(text: &str) -> String {
    // Only ASCII digits and `-` reach here, so byte slicing is safe.
    if text.len() <= 40 {
        return text.to_string();
    }
    let digits = text.trim_start_matches('-').len();
    format!(
        "{}…{} ({digits} digits)",
        &text[..20],
        &text[text.len() - 10..]
    )
}

/// The closest candidate by edit distance, if it is close enough to be a likely typo.
pub fn nearest<'c>(name: &str, candidates: impl Iterator<Item = &'c str>) -> Option<&'c str> {
    let limit = (name.chars().count() / 3).max(2);
    candidates
        .map(|c| (strsim::levenshtein(name, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}
