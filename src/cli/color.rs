//! Colour on a terminal: one decision per stream, made once from `--color`, `NO_COLOR` and
//! whether the stream is a terminal, and a few named styles every command shares.
//!
//! `--color auto` (the default) colours a stream only when it is a terminal and `NO_COLOR`
//! is unset or empty (<https://no-color.org>); `always` and `never` decide for both streams,
//! whatever the environment says. The library never colours anything: text comes from it
//! plain, and the command line paints the parts it knows the meaning of.

use std::io::IsTerminal;
use std::sync::OnceLock;

use anstyle::{AnsiColor, Color, Style};
use clap::ValueEnum;

/// When to colour output (`--color`).
#[derive(ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ColorChoice {
    /// Colour a stream when it is a terminal and `NO_COLOR` is not set
    #[default]
    Auto,
    /// Always colour, even into a pipe or a file
    Always,
    /// Never colour
    Never,
}

/// Which streams get colour, decided once.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Decision {
    stdout: bool,
    stderr: bool,
}

static DECISION: OnceLock<Decision> = OnceLock::new();

impl ColorChoice {
    /// Whether a stream gets colour, given whether it is a terminal and `NO_COLOR`.
    fn decide(self, is_terminal: bool, no_color: Option<&str>) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => is_terminal && no_color.is_none_or(str::is_empty),
        }
    }
}

/// Decides, from `choice` and the environment, which streams get colour. Only the first call
/// counts (the command line makes it before any output).
pub fn init(choice: ColorChoice) {
    let no_color = std::env::var("NO_COLOR").ok();
    let no_color = no_color.as_deref();
    let _ = DECISION.set(Decision {
        stdout: choice.decide(std::io::stdout().is_terminal(), no_color),
        stderr: choice.decide(std::io::stderr().is_terminal(), no_color),
    });
}

/// Whether standard output gets colour.
pub fn stdout() -> bool {
    DECISION.get().is_some_and(|d| d.stdout)
}

/// Whether standard error gets colour.
pub fn stderr() -> bool {
    DECISION.get().is_some_and(|d| d.stderr)
}

/// `error:` and failed tests.
pub const ERROR: Style = Style::new()
    .bold()
    .fg_color(Some(Color::Ansi(AnsiColor::Red)));
/// `warning:` and `note:` lines.
pub const WARNING: Style = Style::new()
    .bold()
    .fg_color(Some(Color::Ansi(AnsiColor::Yellow)));
/// `help:` paragraphs.
pub const HELP: Style = Style::new()
    .bold()
    .fg_color(Some(Color::Ansi(AnsiColor::Cyan)));
/// Passed tests.
pub const PASS: Style = Style::new()
    .bold()
    .fg_color(Some(Color::Ansi(AnsiColor::Green)));
/// The caret under the bad part of a call.
pub const CARET: Style = Style::new()
    .bold()
    .fg_color(Some(Color::Ansi(AnsiColor::Red)));
/// What a test expected (the `-` side of a difference).
pub const EXPECTED: Style = Style::new().fg_color(Some(Color::Ansi(AnsiColor::Green)));
/// What a test got (the `+` side of a difference).
pub const ACTUAL: Style = Style::new().fg_color(Some(Color::Ansi(AnsiColor::Red)));
/// Less important text: durations, skipped tests, padding.
pub const DIM: Style = Style::new().dimmed();

/// `text` in `style` when `enabled`, plain otherwise.
pub fn paint(text: &str, style: Style, enabled: bool) -> String {
    if enabled && !text.is_empty() {
        format!("{}{text}{}", style.render(), style.render_reset())
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_follows_the_terminal_and_no_color() {
        assert!(ColorChoice::Auto.decide(true, None));
        assert!(ColorChoice::Auto.decide(true, Some("")));
        assert!(!ColorChoice::Auto.decide(true, Some("1")));
        assert!(!ColorChoice::Auto.decide(false, None));
    }

    #[test]
    fn always_and_never_ignore_the_environment() {
        assert!(ColorChoice::Always.decide(false, Some("1")));
        assert!(!ColorChoice::Never.decide(true, None));
    }

    #[test]
    fn paint_wraps_only_when_enabled() {
        assert_eq!(paint("ok", PASS, false), "ok");
        assert_eq!(paint("ok", PASS, true), "\u{1b}[1m\u{1b}[32mok\u{1b}[0m");
        assert_eq!(paint("", PASS, true), "");
    }
}
