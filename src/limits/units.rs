//! Durations and sizes as spec files and the command line write them: `"2s"`, `"250ms"`,
//! `"64MiB"`, or numbers, and as messages show them (`2s`, `64 MiB`). Units are
//! case-insensitive (`64mb`, `64MiB`, `64M`, `64mib`).
//!
//! A value too large to mean anything (`3000000000000000h`) is still valid when it can be
//! represented: it means "no practical limit". Only values that cannot be represented at all
//! are errors, which say so.

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
    let factor = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "s" => 1.0,
        "ms" => 0.001,
        "m" | "min" => 60.0,
        "h" => 3600.0,
        _ => {
            return Err(format!(
                "unknown duration unit `{}`; use ms, s, m or h",
                unit.trim()
            ));
        }
    };
    seconds(number * factor).map_err(|_| {
        format!(
            "the duration `{text}` is too long: at most {} seconds (about 584 billion years)",
            Duration::MAX.as_secs()
        )
    })
}

/// A number of seconds: finite, at least 0 and at most [`Duration::MAX`].
pub(crate) fn seconds(n: f64) -> Result<Duration, String> {
    // `1e300` as `{}` would be 301 digits.
    let shown = if n.abs() < 1e16 {
        n.to_string()
    } else {
        format!("{n:e}")
    };
    Duration::try_from_secs_f64(n).map_err(|_| {
        if n.is_finite() && n > 0.0 {
            format!(
                "`{shown}` seconds is too long: at most {} seconds",
                Duration::MAX.as_secs()
            )
        } else {
            format!("`{shown}` is not a valid number of seconds")
        }
    })
}

/// `65536`, `64KiB`, `64MiB`, `1GiB`, `10MB`, `2T`: binary units with or without `i`
/// (`K`, `KiB`), decimal ones with `B` (`KB`), any case.
pub fn parse_bytes(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    if number.is_empty() {
        return Err(format!("expected a size such as `64MiB`, got `{text}`"));
    }
    let too_large = || format!("the size `{text}` is too large: at most {} bytes", u64::MAX);
    let number: u64 = number.parse().map_err(|_| too_large())?;
    let factor: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kib" => 1 << 10,
        "m" | "mib" => 1 << 20,
        "g" | "gib" => 1 << 30,
        "t" | "tib" => 1 << 40,
        "kb" => 1_000,
        "mb" => 1_000_000,
        "gb" => 1_000_000_000,
        "tb" => 1_000_000_000_000,
        _ => {
            return Err(format!(
                "unknown size unit `{}`; use B, KiB, MiB, GiB, TiB (or K, M, G, T), KB, MB, GB or TB",
                unit.trim()
            ));
        }
    };
    number.checked_mul(factor).ok_or_else(too_large)
}

/// A whole number of bytes written as a TOML number.
pub(crate) fn whole_bytes(n: f64) -> Result<u64, String> {
    if n >= 0.0 && n.fract() == 0.0 && n < u64::MAX as f64 {
        Ok(n as u64)
    } else {
        Err(format!("`{n}` is not a whole number of bytes"))
    }
}

/// `2s`, `1.5s`, `250ms`.
pub fn format_duration(d: Duration) -> String {
    if d.as_millis().is_multiple_of(1000) {
        format!("{}s", d.as_secs())
    } else if d < Duration::from_secs(1) {
        format!("{}ms", d.as_millis())
    } else {
        format!("{}s", d.as_secs_f64())
    }
}

/// `64 MiB`, `512 KiB`, `1000 bytes`: the largest binary unit that divides evenly.
pub fn format_bytes(bytes: u64) -> String {
    for (shift, unit) in [(30, "GiB"), (20, "MiB"), (10, "KiB")] {
        if bytes >= 1 << shift && bytes.is_multiple_of(1 << shift) {
            return format!("{} {unit}", bytes >> shift);
        }
    }
    format!("{bytes} bytes")
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

    #[test]
    fn units_ignore_case() {
        for text in ["64mib", "64MiB", "64M", "64m", "64MIB", "64 MiB"] {
            assert_eq!(parse_bytes(text), Ok(64 << 20), "{text}");
        }
        for text in ["64mb", "64MB", "64Mb"] {
            assert_eq!(parse_bytes(text), Ok(64_000_000), "{text}");
        }
        assert_eq!(parse_bytes("1t"), Ok(1 << 40));
        assert_eq!(parse_duration("2S"), Ok(Duration::from_secs(2)));
        assert_eq!(parse_duration("5MS"), Ok(Duration::from_millis(5)));
        assert_eq!(parse_duration("1H"), Ok(Duration::from_secs(3600)));
    }

    #[test]
    fn huge_values_are_valid_until_they_cannot_be_represented() {
        assert!(parse_duration("9223372036854775807s").is_ok());
        assert!(parse_duration("3000000000000000h").is_ok());
        let err = parse_duration("30000000000000000h").unwrap_err();
        assert!(err.contains("too long"), "{err}");
        assert_eq!(parse_bytes("18446744073709551615"), Ok(u64::MAX));
        let err = parse_bytes("18446744073709551616").unwrap_err();
        assert!(err.contains("too large"), "{err}");
        let err = parse_bytes("99999999999GiB").unwrap_err();
        assert!(err.contains("too large"), "{err}");
        assert!(seconds(f64::INFINITY).is_err());
        assert!(seconds(-1.0).is_err());
        assert!(seconds(f64::NAN).is_err());
    }

    #[test]
    fn formats_with_units() {
        assert_eq!(format_bytes(1000), "1000 bytes");
        assert_eq!(format_bytes(64 << 20), "64 MiB");
        assert_eq!(format_duration(Duration::from_millis(250)), "250ms");
        assert_eq!(format_duration(Duration::from_millis(1500)), "1.5s");
        assert_eq!(format_duration(Duration::from_secs(2)), "2s");
    }
}
