//! Log records on standard error, as `wavecall: LEVEL: message` lines; `-v` for more.

/// wavecall's own records only, since Wasmtime and Cranelift log every compilation step.
struct StderrLogger;

/// Installs the logger: warnings by default, `-v` for information, `-vv` for details.
pub fn install(verbose: u8) {
    let level = match verbose {
        0 => log::LevelFilter::Warn,
        1 => log::LevelFilter::Info,
        _ => log::LevelFilter::Debug,
    };
    if log::set_logger(&StderrLogger).is_ok() {
        log::set_max_level(level);
    }
}

impl log::Log for StderrLogger {
    fn enabled(&self, metadata: &log::Metadata) -> bool {
        metadata.target().starts_with("wavecall")
    }

    fn log(&self, record: &log::Record) {
        if self.enabled(record.metadata()) {
            let level = record.level().as_str().to_ascii_lowercase();
            eprintln!("wavecall: {level}: {}", record.args());
        }
    }

    fn flush(&self) {}
}
