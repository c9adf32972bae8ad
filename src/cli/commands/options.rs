//! Option groups shared by several subcommands.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use wavecall::error::{ClassifyExt, FailureClass};
use wavecall::{
    DirGrant, Limits, Link, Mock, Program, Runtime, RuntimeBuilder, SessionBuilder, Source,
};

pub use super::wasmtime_flags::WasmtimeArgs;

/// Limits on the guest.
#[derive(Args, Debug, Default)]
pub struct LimitArgs {
    /// Stop the guest after this much wall-clock time, e.g. `2s`, `500ms`, `1m`
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub timeout: Option<Duration>,
    /// Stop the guest after it has used this much fuel (about one unit per instruction)
    #[arg(long, value_name = "N")]
    pub fuel: Option<u64>,
    /// Largest size of any linear memory or table, e.g. `64MiB`
    #[arg(long, value_name = "BYTES", value_parser = parse_bytes)]
    pub max_memory: Option<u64>,
    /// Largest native stack WebAssembly code may use, e.g. `512KiB`
    #[arg(long, value_name = "BYTES", value_parser = parse_bytes)]
    pub max_stack: Option<u64>,
    /// Cut the guest's stdout and stderr after this many bytes each, e.g. `1MiB`
    #[arg(long, value_name = "BYTES", value_parser = parse_bytes)]
    pub max_output: Option<u64>,
}

impl LimitArgs {
    /// The limits these flags describe.
    pub fn limits(&self) -> Limits {
        let mut limits = Limits::new();
        limits.fuel = self.fuel;
        limits.timeout = self.timeout;
        limits.max_memory = self.max_memory;
        limits.max_stack = self
            .max_stack
            .map(|s| usize::try_from(s).unwrap_or(usize::MAX));
        limits.max_output = self.max_output;
        limits
    }
}

/// The compile cache.
#[derive(Args, Debug, Default)]
pub struct CacheArgs {
    /// Keep compiled components in DIR; `$WAVECALL_CACHE_DIR` takes precedence [default: the
    /// platform's cache directory, such as ~/.cache/wavecall]
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
    /// Compile every time, without reading or writing the compile cache
    #[arg(long)]
    pub no_cache: bool,
    /// Largest total size of the cache; the least recently used components go first
    /// [default: 1GiB]
    #[arg(long, value_name = "BYTES", value_parser = parse_bytes)]
    pub cache_max_size: Option<u64>,
}

impl CacheArgs {
    /// `runtime` with the compile cache these arguments describe: on unless `--no-cache`.
    pub fn apply(&self, mut runtime: RuntimeBuilder) -> RuntimeBuilder {
        if self.no_cache {
            return runtime;
        }
        runtime = match &self.cache_dir {
            Some(dir) => runtime.cache_dir(dir),
            None => runtime.default_cache(),
        };
        match self.cache_max_size {
            Some(bytes) => runtime.cache_max_size(bytes),
            None => runtime,
        }
    }
}

/// What the guest may use on the host; everything is denied unless granted here.
#[derive(Args, Debug, Default, Clone)]
pub struct HostArgs {
    /// Give the guest an environment variable: `NAME=VALUE`, or `NAME` to pass on the host's
    #[arg(long = "env", value_name = "NAME[=VALUE]")]
    pub env: Vec<String>,
    /// Give the guest a host directory: `HOST::GUEST`, or `HOST` to use the same path
    #[arg(long = "dir", value_name = "HOST[::GUEST]")]
    pub dirs: Vec<String>,
    /// Give the guest every environment variable of the host (`--env` still overrides one)
    #[arg(long)]
    pub inherit_env: bool,
    /// Let the guest open sockets and look up names
    #[arg(long)]
    pub inherit_network: bool,
    /// Instantiate even when the host lacks some imports; calling one of them traps
    #[arg(long)]
    pub trap_unknown_imports: bool,
}

impl HostArgs {
    /// The environment variables to give: `--inherit-env`'s, then `--env`'s over them.
    pub fn env(&self) -> Vec<(String, String)> {
        let mut env: Vec<(String, String)> = Vec::new();
        if self.inherit_env {
            env.extend(std::env::vars_os().filter_map(|(name, value)| {
                Some((name.into_string().ok()?, value.into_string().ok()?))
            }));
        }
        let mut set = |name: &str, value: String| {
            env.retain(|(n, _)| n != name);
            env.push((name.to_string(), value));
        };
        for spec in &self.env {
            match spec.split_once('=') {
                Some((name, value)) => set(name, value.to_string()),
                None => {
                    if let Ok(value) = std::env::var(spec) {
                        set(spec, value);
                    }
                }
            }
        }
        env
    }

    /// The directories to give.
    pub fn dirs(&self) -> Result<Vec<DirGrant>> {
        self.dirs
            .iter()
            .map(|d| DirGrant::parse(d).with_context(|| format!("invalid `--dir {d}`")))
            .collect()
    }

    /// `session` with what these flags grant.
    pub fn apply<'p>(&self, session: SessionBuilder<'p>) -> Result<SessionBuilder<'p>> {
        Ok(session
            .envs(self.env())
            .dirs(self.dirs()?)
            .inherit_network(self.inherit_network)
            .trap_unknown_imports(self.trap_unknown_imports))
    }
}

/// What satisfies the imports the host does not have: mocks and links.
#[derive(Args, Debug, Default, Clone)]
pub struct ImportArgs {
    /// Give an import a fixed result: `NAME=WAVE`, e.g. `my:app/config.get='some("blue")'`;
    /// may be repeated, once per import. Calls to other missing imports trap
    #[arg(long = "mock", value_name = "NAME=WAVE")]
    pub mocks: Vec<String>,
    /// Satisfy imports with the exports of another component, composed as `wac plug` does;
    /// may be repeated
    #[arg(long = "link", value_name = "COMPONENT")]
    pub links: Vec<String>,
}

impl ImportArgs {
    /// Loads `component` composed with the links.
    pub fn load(&self, runtime: &Runtime, component: &Source) -> Result<Program> {
        let links = self
            .links
            .iter()
            .map(|link| Link::read(Source::from_arg(link)))
            .collect::<Result<Vec<_>>>()?;
        runtime.program(component).links(links).load()
    }

    /// The mocks, each checked against the imports of `program`.
    pub fn mocks(&self, program: &Program) -> Result<Vec<Mock>> {
        let mut mocks = Vec::new();
        for text in &self.mocks {
            let mock = Mock::parse(text)
                .classify(FailureClass::Usage, || format!("invalid `--mock {text}`"))?;
            mocks.push(mock);
        }
        if let Some((index, err)) = program.check_mocks(&mocks).into_iter().next() {
            let text = &self.mocks[index];
            return Err(err).classify(FailureClass::Usage, || format!("invalid `--mock {text}`"));
        }
        Ok(mocks)
    }
}

/// How a component is run: its limits, what the host grants and provides, the cache.
/// `run` and `explain` share it, so that `explain --invoke` runs a call as `run` would.
#[derive(Args, Debug, Default)]
pub struct InstanceArgs {
    #[command(flatten)]
    pub imports: ImportArgs,
    #[command(flatten)]
    pub limits: LimitArgs,
    #[command(flatten)]
    pub host: HostArgs,
    #[command(flatten)]
    pub cache: CacheArgs,
    #[command(flatten)]
    pub wasmtime: WasmtimeArgs,
}

impl InstanceArgs {
    /// The limits, in either spelling.
    pub fn limits(&mut self) -> Result<Limits> {
        self.wasmtime
            .apply(&mut self.limits, &mut self.host)
            .classify(FailureClass::Usage, || "conflicting options".to_string())?;
        Ok(self.limits.limits())
    }

    /// Loads `component`, composed with the links; what the host grants is checked first.
    pub fn load(&self, runtime: &Runtime, component: &Source) -> Result<Program> {
        self.host
            .dirs()
            .classify(FailureClass::Usage, || "invalid host options".to_string())?;
        self.imports.load(runtime, component)
    }

    /// The session of `program`: the guest's argv, what the host grants, and the mocks,
    /// checked against the imports.
    pub fn session<'p>(
        &self,
        program: &'p Program,
        args: Vec<String>,
    ) -> Result<SessionBuilder<'p>> {
        let session = self
            .host
            .apply(program.session().args(args))
            .classify(FailureClass::Usage, || "invalid host options".to_string())?;
        Ok(session.mocks(self.imports.mocks(program)?))
    }
}

/// Output formats.
#[derive(ValueEnum, Clone, Copy, Debug, Default)]
pub enum FormatArg {
    /// WAVE, one line per call
    #[default]
    Wave,
    /// JSON, one document per line per call
    Json,
}

impl From<FormatArg> for wavecall::render::Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Wave => wavecall::render::Format::Wave,
            FormatArg::Json => wavecall::render::Format::Json,
        }
    }
}

/// `1.5s`, `200ms`, `2m`, `1h`; a bare number is seconds (spelt as in spec files).
pub fn parse_duration(text: &str) -> Result<Duration> {
    wavecall::limits::parse_duration(text).map_err(anyhow::Error::msg)
}

/// `65536`, `64KiB`, `64MiB`, `1GiB`, `10MB` (spelt as in spec files).
pub fn parse_bytes(text: &str) -> Result<u64> {
    wavecall::limits::parse_bytes(text).map_err(anyhow::Error::msg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("2s").unwrap(), Duration::from_secs(2));
        assert_eq!(parse_duration("250ms").unwrap(), Duration::from_millis(250));
        assert_eq!(parse_duration("1.5").unwrap(), Duration::from_millis(1500));
        assert!(parse_duration("2 parsecs").is_err());
    }

    #[test]
    fn inherit_env_passes_everything_and_env_overrides() {
        let host = HostArgs {
            inherit_env: true,
            env: vec!["PATH=/nowhere".to_string()],
            ..HostArgs::default()
        };
        let env = host.env();
        let host_vars: Vec<(String, String)> = std::env::vars()
            .filter(|(name, _)| name != "PATH")
            .collect();
        for var in &host_vars {
            assert!(env.contains(var), "{var:?} is not passed on");
        }
        let paths: Vec<_> = env.iter().filter(|(n, _)| n == "PATH").collect();
        assert_eq!(paths, [&("PATH".to_string(), "/nowhere".to_string())]);
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_bytes("64MiB").unwrap(), 64 << 20);
        assert_eq!(parse_bytes("100").unwrap(), 100);
        assert!(parse_bytes("1ZiB").is_err());
        assert!(parse_bytes("99999999999999GiB").is_err());
    }
}
