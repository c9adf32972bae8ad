//! The values of `explain`'s options: formats, string encodings, addresses.

use anyhow::{Result, anyhow};
use clap::ValueEnum;
use wavecall::abi::StringEncoding;

/// Output formats of `explain`.
#[derive(ValueEnum, Clone, Copy, Debug, Default)]
pub enum ExplainFormat {
    /// Annotated text
    #[default]
    Text,
    /// One JSON document
    Json,
}

/// String encodings a component can declare on `canon lift`.
#[derive(ValueEnum, Clone, Copy, Debug, Default)]
pub enum EncodingArg {
    /// UTF-8
    #[default]
    #[value(name = "utf8")]
    Utf8,
    /// UTF-16 little-endian
    #[value(name = "utf16")]
    Utf16,
    /// Latin-1, or UTF-16 when a character does not fit
    #[value(name = "latin1+utf16")]
    CompactUtf16,
}

impl EncodingArg {
    pub fn encoding(self) -> StringEncoding {
        match self {
            EncodingArg::Utf8 => StringEncoding::Utf8,
            EncodingArg::Utf16 => StringEncoding::Utf16,
            EncodingArg::CompactUtf16 => StringEncoding::CompactUtf16,
        }
    }
}

/// `65536` or `0x10000`.
pub fn parse_address(text: &str) -> Result<u32> {
    let parsed = match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) => u32::from_str_radix(hex, 16),
        None => text.parse(),
    };
    parsed.map_err(|_| anyhow!("expected an address below 2^32 such as `65536` or `0x10000`"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use wavecall::abi::DEFAULT_BASE;

    #[test]
    fn addresses() {
        assert_eq!(parse_address("0x10000").unwrap(), DEFAULT_BASE);
        assert_eq!(parse_address("65536").unwrap(), DEFAULT_BASE);
        assert!(parse_address("0x1_0000_0000").is_err());
        assert!(parse_address("-1").is_err());
    }
}
