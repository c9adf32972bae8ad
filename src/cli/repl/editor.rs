//! The line editor: rustyline with completion and hints from `wavecall::complete`, a
//! validator that keeps reading while brackets or a string are open, and the history file.

use std::borrow::Cow;
use std::cell::RefCell;
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Arc;

use rustyline::completion::{Completer, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::{Hint, Hinter};
use rustyline::history::FileHistory;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{CompletionType, Config, Context, Editor, Helper};
use wavecall::Program;
use wavecall::complete::{self, Names};

use super::commands::COMMANDS;
use crate::cli::color;

/// What completion needs of the live session, updated after each line.
#[derive(Default)]
pub struct Shared {
    pub program: Option<Arc<Program>>,
    pub names: Names,
}

/// The rustyline helper over the shared state.
pub struct ReplHelper {
    pub shared: Rc<RefCell<Shared>>,
}

/// The call part of a line: the line itself, or what follows `:explain ` / `:time `;
/// `None` for other commands. The offset is where the call starts in the line.
pub fn call_part(line: &str) -> Option<(usize, &str)> {
    let Some(command) = line.strip_prefix(':') else {
        return Some((0, line));
    };
    let (word, rest) = command.split_once(' ')?;
    matches!(word, "explain" | "time").then(|| {
        let start = line.len() - rest.len();
        let trimmed = rest.trim_start();
        (start + rest.len() - trimmed.len(), trimmed)
    })
}

impl Completer for ReplHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        if line.starts_with(':') && !line[..pos].contains(' ') {
            let pairs = COMMANDS
                .iter()
                .filter(|(name, _, _)| name.starts_with(&line[..pos]))
                .map(|(name, args, about)| Pair {
                    display: format!("{name} {args}  {about}"),
                    replacement: match args.is_empty() {
                        true => name.to_string(),
                        false => format!("{name} "),
                    },
                })
                .collect();
            return Ok((0, pairs));
        }
        let shared = self.shared.borrow();
        let (Some(program), Some((offset, call))) = (&shared.program, call_part(line)) else {
            return Ok((pos, Vec::new()));
        };
        let Some(at) = pos.checked_sub(offset) else {
            return Ok((pos, Vec::new()));
        };
        let found = complete::complete(program, &shared.names, call, at);
        let pairs = found
            .candidates
            .into_iter()
            .map(|c| Pair {
                display: c.display,
                replacement: c.replacement,
            })
            .collect();
        Ok((offset + found.start, pairs))
    }
}

/// A hint on the line below the input; never inserted by the right arrow.
pub struct BelowLine(String);

impl Hint for BelowLine {
    fn display(&self) -> &str {
        &self.0
    }

    fn completion(&self) -> Option<&str> {
        None
    }
}

impl Hinter for ReplHelper {
    type Hint = BelowLine;

    fn hint(&self, line: &str, pos: usize, _ctx: &Context<'_>) -> Option<BelowLine> {
        let shared = self.shared.borrow();
        let program = shared.program.as_ref()?;
        let (offset, call) = call_part(line)?;
        let hint = complete::hint(program, &shared.names, call, pos.checked_sub(offset)?)?;
        let mut text = format!("\n  {}", hint.signature);
        if let Some(expected) = hint.expected {
            text.push_str(&format!("    {expected}"));
        }
        Some(BelowLine(text))
    }
}

impl Highlighter for ReplHelper {
    fn highlight_hint<'h>(&self, hint: &'h str) -> Cow<'h, str> {
        match color::stdout() {
            true => Cow::Owned(color::paint(hint, color::DIM, true)),
            false => Cow::Borrowed(hint),
        }
    }
}

impl Validator for ReplHelper {
    fn validate(&self, ctx: &mut ValidationContext<'_>) -> rustyline::Result<ValidationResult> {
        let input = ctx.input();
        Ok(match call_part(input).is_some_and(|(_, call)| open(call)) {
            true => ValidationResult::Incomplete,
            false => ValidationResult::Valid(None),
        })
    }
}

impl Helper for ReplHelper {}

/// Whether a call has brackets or a string still open: Enter then starts a new line.
pub fn open(call: &str) -> bool {
    let mut depth: i64 = 0;
    let mut chars = call.chars();
    while let Some(c) = chars.next() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            quote @ ('"' | '\'') => loop {
                match chars.next() {
                    None => return true,
                    Some('\\') => {
                        chars.next();
                    }
                    Some(c) if c == quote => break,
                    Some(_) => {}
                }
            },
            _ => {}
        }
    }
    depth > 0
}

/// The line editor and where its history goes.
pub struct LineEditor {
    editor: Editor<ReplHelper, FileHistory>,
    history: Option<PathBuf>,
}

/// What reading a line gave.
pub enum Read {
    Line(String),
    /// Ctrl-C at the prompt: the line was cleared.
    Cleared,
    /// Ctrl-D or the end of the input.
    End,
}

impl LineEditor {
    pub fn new(shared: Rc<RefCell<Shared>>, history: Option<PathBuf>) -> anyhow::Result<Self> {
        let config = Config::builder()
            .completion_type(CompletionType::List)
            .auto_add_history(false)
            .max_history_size(10_000)?
            .build();
        let mut editor = Editor::with_config(config)?;
        editor.set_helper(Some(ReplHelper { shared }));
        if let Some(path) = &history {
            // A first session has no history yet; any other problem is only a warning.
            if path.exists()
                && let Err(err) = editor.load_history(path)
            {
                log::warn!("failed to read the history `{}`: {err}", path.display());
            }
        }
        Ok(LineEditor { editor, history })
    }

    pub fn read(&mut self, prompt: &str) -> anyhow::Result<Read> {
        match self.editor.readline(prompt) {
            Ok(line) => {
                if !line.trim().is_empty() {
                    let _ = self.editor.add_history_entry(line.as_str());
                    self.save();
                }
                Ok(Read::Line(line))
            }
            Err(ReadlineError::Interrupted) => Ok(Read::Cleared),
            Err(ReadlineError::Eof) => Ok(Read::End),
            Err(err) => Err(err.into()),
        }
    }

    /// Appends the new entry at once, so that a second session sees it even if this one is
    /// killed.
    fn save(&mut self) {
        let Some(path) = &self.history else { return };
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        if let Err(err) = self.editor.append_history(path) {
            log::warn!("failed to write the history `{}`: {err}", path.display());
        }
    }
}

/// The history file: `$XDG_DATA_HOME/wavecall/repl-history` or the platform's equivalent.
pub fn default_history() -> Option<PathBuf> {
    let env = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let data = if cfg!(windows) {
        env("APPDATA")
    } else if cfg!(target_os = "macos") {
        env("HOME").map(|home| home.join("Library/Application Support"))
    } else {
        env("XDG_DATA_HOME")
            .filter(|dir| dir.is_absolute())
            .or_else(|| env("HOME").map(|home| home.join(".local/share")))
    };
    data.map(|dir| dir.join("wavecall").join("repl-history"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_brackets_and_strings_continue_the_line() {
        assert!(open("f({a: 1,"));
        assert!(open("f(\"a)"));
        assert!(!open("f(\"(\")"));
        assert!(!open("f('\\'')"));
        assert!(!open("f())"));
    }

    #[test]
    fn the_call_of_a_command() {
        assert_eq!(call_part("area(p"), Some((0, "area(p")));
        assert_eq!(call_part(":time  area(p"), Some((7, "area(p")));
        assert_eq!(call_part(":wit"), None);
        assert_eq!(call_part(":record x"), None);
    }
}
