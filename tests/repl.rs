//! The REPL through a pseudo-terminal.
