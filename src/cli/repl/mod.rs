//! `wavecall repl`: one live instance behind a prompt (`docs/repl.md`).
//!
//! A line is a call, as for `run --invoke`, or a `:command` (`commands.rs`). On a terminal,
//! rustyline edits the line with completion and hints from the library (`editor.rs`);
//! otherwise each line of standard input is read as it comes, and the output is what `run`
//! prints for the same calls. Ctrl-C during a call asks the session's [`Interrupter`] to stop
//! it (the runtime meters time, so the epoch ticks deliver it within milliseconds).

mod call;
mod commands;
mod editor;

use std::cell::RefCell;
use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use anyhow::Result;
use wavecall::error::{ClassifyExt, FailureClass};
use wavecall::limits::Interrupter;
use wavecall::render::Format;
use wavecall::spec::record::Recording;
use wavecall::{GuestOutput, Program, Runtime, Session, Source};

use crate::cli::commands::repl::ReplCommand;
use crate::cli::errors::{label, print_error};
use editor::{LineEditor, Read, Shared};

/// The call running now, for the Ctrl-C handler's thread.
static RUNNING: Mutex<Option<Interrupter>> = Mutex::new(None);

/// Where lines come from.
enum Input {
    Terminal(Box<LineEditor>),
    Script(std::io::Lines<std::io::StdinLock<'static>>),
}

/// What the session loop does next.
enum Next {
    Quit,
    /// Go on with a program read again, and the line that was read when it changed.
    Reload(Box<Program>, Option<String>),
}

/// What a line asks for.
enum Flow {
    Continue,
    Quit,
    Reload,
}

/// The instance and what is recorded of it.
struct Live<'p> {
    session: Session<'p>,
    recording: Option<Recording>,
}

struct Repl {
    cmd: ReplCommand,
    runtime: Runtime,
    input: Input,
    shared: Rc<RefCell<Shared>>,
    format: Format,
    interactive: bool,
    /// The exit status: that of the first failure without a terminal.
    status: i32,
    /// Errors printed without a terminal (the later ones follow a blank line, as in `run`).
    errors: usize,
}

pub fn run(mut cmd: ReplCommand) -> Result<i32> {
    let interactive = std::io::stdin().is_terminal();
    let limits = cmd.instance.limits()?;
    // Time is metered on a terminal so that Ctrl-C can stop a call (`Interrupter`).
    let builder = Runtime::builder().limits(limits).meter_time(interactive);
    let runtime = crate::cli::runtime(cmd.instance.cache.apply(builder))?;
    let shared = Rc::new(RefCell::new(Shared::default()));
    let input = match interactive {
        true => {
            let history = match cmd.no_history {
                true => None,
                false => cmd.history.clone().or_else(editor::default_history),
            };
            install_interrupt()?;
            Input::Terminal(Box::new(LineEditor::new(shared.clone(), history)?))
        }
        false => Input::Script(std::io::stdin().lock().lines()),
    };
    let mut repl = Repl {
        format: cmd.format.into(),
        cmd,
        runtime,
        input,
        shared,
        interactive,
        status: 0,
        errors: 0,
    };
    let mut program = Arc::new(repl.load()?);
    let mut pending = None;
    loop {
        match repl.session(&program, pending.take())? {
            Next::Quit => return Ok(repl.status),
            Next::Reload(next, line) => {
                program = Arc::from(next);
                pending = line;
            }
        }
    }
}

/// Ctrl-C outside the prompt (which reads it as a key) interrupts the running call, or ends
/// the process as it would without wavecall.
fn install_interrupt() -> Result<()> {
    ctrlc::set_handler(|| {
        let running = RUNNING
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match running.as_ref() {
            Some(interrupter) => interrupter.interrupt(),
            None => std::process::exit(130),
        }
    })
    .classify(FailureClass::Usage, || "failed to handle Ctrl-C".into())
}

impl Repl {
    fn load(&self) -> Result<Program> {
        let source = Source::from_arg(&self.cmd.component);
        self.cmd.instance.load(&self.runtime, &source)
    }

    fn argv(&self) -> Vec<String> {
        let mut argv = vec![self.cmd.component.clone()];
        argv.extend(self.cmd.args.iter().cloned());
        argv
    }

    fn note(&self, text: &str) {
        if self.interactive {
            eprintln!("{} {text}", label("note:"));
        }
    }

    /// Runs a session on `program`, starting with `pending` if given, until the input ends
    /// or asks for another program.
    fn session(&mut self, program: &Arc<Program>, mut pending: Option<String>) -> Result<Next> {
        let mut builder = self.cmd.instance.session(program, self.argv())?;
        if !self.interactive && self.format == Format::Json {
            // As in `run`: standard output carries the JSON documents alone.
            builder = builder.output(GuestOutput::Stderr);
        }
        let pre = builder.prepare()?;
        let mut live = Live {
            session: pre.start()?,
            recording: self.recording(program),
        };
        self.shared.borrow_mut().program = Some(program.clone());
        self.update_names(&live);
        if self.interactive {
            let funcs = program.exports().funcs().len();
            let exports = program.exports().resources().iter();
            let resources = exports.filter(|r| r.index.is_some()).count();
            let plural = |n: usize, word: &str| match n {
                1 => format!("1 {word}"),
                n => format!("{n} {word}s"),
            };
            eprintln!(
                "{}: {}, {} (:wit lists them, :help the commands)",
                program.name(),
                plural(funcs, "function"),
                plural(resources, "resource")
            );
        }
        let mut stamp = self.stamp();
        loop {
            let line = match pending.take() {
                Some(line) => line,
                None => match self.read()? {
                    Read::Line(line) => line,
                    Read::Cleared => continue,
                    Read::End => return Ok(Next::Quit),
                },
            };
            // The file changed while the line was typed: it runs on the component as it is
            // now (an explicit `:reload` reloads anyway).
            if self.interactive && self.stamp() != stamp && line.trim() != ":reload" {
                self.note(&format!(
                    "`{}` changed on disk: reloading (a fresh instance: bindings and `$N` are cleared)",
                    self.cmd.component
                ));
                match self.load() {
                    Ok(next) => return Ok(Next::Reload(Box::new(next), Some(line))),
                    Err(err) => {
                        print_error(&err);
                        self.note("the session goes on with the component as it was");
                        stamp = self.stamp();
                    }
                }
            }
            match self.line(&mut live, &pre, program, line.trim())? {
                Flow::Continue => {}
                Flow::Quit => return Ok(Next::Quit),
                Flow::Reload => match self.load() {
                    Ok(next) => {
                        self.note(&format!("read `{}` again", self.cmd.component));
                        return Ok(Next::Reload(Box::new(next), None));
                    }
                    Err(err) => {
                        self.failed(&err);
                        self.note("the session goes on with the component as it was");
                    }
                },
            }
            self.update_names(&live);
        }
    }

    /// The next line from the terminal or standard input.
    fn read(&mut self) -> Result<Read> {
        Ok(match &mut self.input {
            Input::Terminal(editor) => editor.read("> ")?,
            Input::Script(lines) => match lines.next() {
                Some(line) => Read::Line(line.classify(FailureClass::Usage, || {
                    "failed to read standard input".into()
                })?),
                None => Read::End,
            },
        })
    }

    /// When the component file was last changed, to reload it when it changes.
    fn stamp(&self) -> Option<SystemTime> {
        let path = PathBuf::from(&self.cmd.component);
        std::fs::metadata(path).and_then(|m| m.modified()).ok()
    }

    /// A new recording of the instance, unless the component has no path.
    fn recording(&self, program: &Program) -> Option<Recording> {
        let component = &self.cmd.component;
        crate::cli::commands::record::start(&self.cmd.instance, component, program).ok()
    }

    fn update_names(&self, live: &Live<'_>) {
        self.shared.borrow_mut().names = live.session.names();
    }
}
