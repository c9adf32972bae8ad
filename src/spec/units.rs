//! Durations and sizes as spec files write them: `"2s"`, `"250ms"`, `"64MiB"`, or numbers.

use std::time::Duration;

/// `1.5s`, `200ms`, `2m`, `1h`; a bare number is seconds.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number
        .parse()
        .map_err(|_| format!("expected a duration such as `2s`, got `{text}`"))?;
    let factor = match unit.trim() {
        "" | "s" => 1.0,
        "ms" => 0.001,
        "m" | "min" => 60.0,
        "h" => 3600.0,
        other => {
            return Err(format!(
                "unknown duration unit `{other}`; use ms, s, m or h"
            ));
        }
    };
    seconds(number * factor)
}

/// A number of seconds.
pub fn seconds(n: f64) -> Result<Duration, String> {
    Duration::try_from_secs_f64(n).map_err(|_| format!("`{n}` is not a valid number of seconds"))
}

/// `65536`, `64KiB`, `64MiB`, `1GiB`, `10MB`.
pub fn parse_bytes(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("expected a size such as `64MiB`, got `{text}`"))?;
    let factor: u64 = match unit.trim() {
        "" | "B" => 1,
        "KiB" | "K" => 1 << 10,
        "MiB" | "M" => 1 << 20,
        "GiB" | "G" => 1 << 30,
        "KB" => 1_000,
        "MB" => 1_000_000,
        "GB" => 1_000_000_000,
        other => {
            return Err(format!(
                "unknown size unit `{other}`; use B, KiB, MiB, GiB, KB, MB or GB"
            ));
        }
    };
    number
        .checked_mul(factor)
        .ok_or_else(|| format!("size `{text}` is too large"))
}

/// A whole number of bytes written as a TOML number.
pub fn whole_bytes(n: f64) -> Result<u64, String> {
    if n >= 0.0 && n.fract() == 0.0 && n < u64::MAX as f64 {
        Ok(n as u64)
    } else {
        Err(format!("`{n}` is not a whole number of bytes"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_sizes() {
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("2"), Ok(Duration::from_secs(2)));
        assert!(parse_duration("2 parsecs").is_err());
        assert_eq!(parse_bytes("64MiB"), Ok(64 << 20));
        assert!(parse_bytes("1ZiB").is_err());
        assert_eq!(whole_bytes(65536.0), Ok(65536));
        assert!(whole_bytes(1.5).is_err());
    }
}
