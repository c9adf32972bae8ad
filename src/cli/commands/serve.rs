//! `wavecall serve`: components' exports as an HTTP service (`wavecall::serve`).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Result, anyhow};
use clap::{Args, ValueEnum};
use serde::Deserialize;
use wavecall::Runtime;
use wavecall::error::{ClassifyExt, FailureClass};
use wavecall::serve::{Component, Server, default_limits};

use super::options::{CacheArgs, HostArgs, ImportArgs, LimitArgs, parse_bytes, parse_duration};

/// Serve components' exports over HTTP: calls in WAVE or JSON, each on a fresh instance
#[derive(Args)]
#[command(after_help = AFTER_HELP)]
pub struct ServeCommand {
    /// The address to listen on; loopback unless told otherwise
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Log on standard error as text, or as one JSON object a line
    #[arg(long, value_enum, default_value_t)]
    log_format: LogFormat,
    /// Require `Authorization: Bearer TOKEN` on every route but /healthz; the token is the
    /// file's content, without surrounding whitespace
    #[arg(long, value_name = "FILE")]
    auth_token_file: Option<PathBuf>,
    /// Reload the components when one of their files changes (as on SIGHUP)
    #[arg(long)]
    watch: bool,
    /// A TOML file of components, each with grants, mocks and links of its own
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(flatten)]
    service: ServiceArgs,
    #[command(flatten)]
    limits: LimitArgs,
    #[command(flatten)]
    ceilings: CeilingArgs,
    #[command(flatten)]
    host: HostArgs,
    #[command(flatten)]
    imports: ImportArgs,
    #[command(flatten)]
    cache: CacheArgs,
    /// The components: `NAME=PATH`, or `PATH` (named after the file); the grants, mocks
    /// and links given as options apply to each
    #[arg(value_name = "[NAME=]COMPONENT")]
    components: Vec<String>,
}

/// Admission, bodies, sessions, shutdown.
#[derive(Args)]
struct ServiceArgs {
    /// How many calls run at once [default: the number of cores]
    #[arg(long, value_name = "N")]
    max_concurrency: Option<usize>,
    /// How many calls may wait for a turn; beyond, 429 with Retry-After
    #[arg(long, value_name = "N", default_value_t = 64)]
    max_queue: usize,
    /// The largest request body; beyond, 413
    #[arg(long, value_name = "BYTES", value_parser = parse_bytes, default_value = "4MiB")]
    max_body: u64,
    /// How many sessions may be open at once; 0 turns sessions off
    #[arg(long, value_name = "N", default_value_t = 64)]
    max_sessions: usize,
    /// How long a session may sit idle before it is closed
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "5m")]
    session_ttl: Duration,
    /// How long a shutdown waits for calls in flight
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "30s")]
    drain_timeout: Duration,
}

/// The most a request may ask for; a limit without a ceiling may only be lowered.
#[derive(Args)]
struct CeilingArgs {
    /// The longest timeout a request may ask for
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    max_request_timeout: Option<Duration>,
    /// The most fuel a request may ask for (turns fuel metering on)
    #[arg(long, value_name = "N")]
    max_request_fuel: Option<u64>,
    /// The largest memory limit a request may ask for
    #[arg(long, value_name = "BYTES", value_parser = parse_bytes)]
    max_request_memory: Option<u64>,
    /// The largest output cap a request may ask for
    #[arg(long, value_name = "BYTES", value_parser = parse_bytes)]
    max_request_output: Option<u64>,
}

#[derive(ValueEnum, Clone, Copy, Default)]
enum LogFormat {
    /// Lines for people
    #[default]
    Text,
    /// One JSON object a line
    Json,
}

const AFTER_HELP: &str = "\
Every call runs on a fresh instance under the request's limits: by default a 30s timeout,
256MiB of memory and 2MiB of output per stream, which `--timeout`, `--max-memory` and
`--max-output` change and a request may lower (or raise up to `--max-request-*`).
Routes, the JSON of requests and responses, errors and metrics: docs/serve.md, and
`GET /v1/openapi.json` on a running server.

Examples:
  wavecall serve examples/shapes.wasm
  curl -s localhost:8080/v1/call -d '{\"call\": \"area(circle({radius: 1.0}))\"}'
  wavecall serve --listen 0.0.0.0:8080 --timeout 5s shapes=shapes.wasm calc=calc.wasm
  wavecall serve --config components.toml --watch --auth-token-file token

SIGTERM or Ctrl-C: stop accepting, drain the calls in flight (`--drain-timeout`), exit 0.
SIGHUP: reload the components; calls in flight finish on the old ones.

Exit status:
  0  the server shut down
  2  bad usage: options, the component list, the address, the token file
  3  a component could not be read, compiled, linked or instantiated at start";

impl ServeCommand {
    pub fn execute(self, verbose: u8, quiet: bool) -> Result<i32> {
        init_logging(self.log_format, verbose, quiet);
        let mut builder = Server::builder()
            .runtime(self.cache.apply(Runtime::builder()))
            .limits(self.limits.limits().or(self.built_in_limits()))
            .ceilings(self.ceilings())
            .max_queue(self.service.max_queue)
            .max_body(usize::try_from(self.service.max_body).unwrap_or(usize::MAX))
            .sessions(self.service.max_sessions, self.service.session_ttl)
            .drain_timeout(self.service.drain_timeout);
        if let Some(calls) = self.service.max_concurrency {
            builder = builder.max_concurrency(calls);
        }
        if let Some(file) = &self.auth_token_file {
            builder = builder.auth_token(read_token(file)?);
        }
        if self.watch {
            builder = builder.watch(Duration::from_millis(500));
        }
        for component in self.components()? {
            builder = builder.component(component);
        }
        let server = builder.build()?;
        let listener = std::net::TcpListener::bind(self.listen)
            .and_then(|l| l.set_nonblocking(true).map(|()| l))
            .classify(FailureClass::Usage, || {
                format!("failed to listen on `{}`", self.listen)
            })?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .thread_name("wavecall-serve")
            .build()
            .classify(FailureClass::Usage, || {
                "failed to start the async runtime".into()
            })?;
        let served = runtime.block_on(async {
            let listener = tokio::net::TcpListener::from_std(listener)
                .classify(FailureClass::Usage, || "failed to listen".into())?;
            server.handle().on_signals()?;
            server.run(listener).await
        });
        // A guest still running past the drain deadline is not waited for.
        runtime.shutdown_timeout(Duration::from_secs(1));
        served.map(|()| 0)
    }

    /// The built-in defaults ([`default_limits`]), each lowered to its ceiling when one
    /// is set below it: `--max-request-timeout 10s` alone means at most 10 s, by default
    /// too. A default given as an option stays, and above its ceiling is an error.
    fn built_in_limits(&self) -> wavecall::Limits {
        let mut limits = default_limits();
        let ceilings = self.ceilings();
        limits.timeout = limits.timeout.min(ceilings.timeout.or(limits.timeout));
        limits.max_memory = limits
            .max_memory
            .min(ceilings.max_memory.or(limits.max_memory));
        limits.max_output = limits
            .max_output
            .min(ceilings.max_output.or(limits.max_output));
        limits
    }

    fn ceilings(&self) -> wavecall::Limits {
        let mut ceilings = wavecall::Limits::new();
        ceilings.timeout = self.ceilings.max_request_timeout;
        ceilings.fuel = self.ceilings.max_request_fuel;
        ceilings.max_memory = self.ceilings.max_request_memory;
        ceilings.max_output = self.ceilings.max_request_output;
        ceilings
    }

    /// The components named on the command line (with the options' grants, mocks and
    /// links) and in `--config`.
    fn components(&self) -> Result<Vec<Component>> {
        let mut components = Vec::new();
        for arg in &self.components {
            let (name, path) = named(arg)?;
            components.push(with_imports(
                Component::new(name, path),
                &self.host,
                &self.imports,
            ));
        }
        if let Some(file) = &self.config {
            components.extend(config_file(file)?);
        }
        Ok(components)
    }
}

/// `NAME=PATH`, or `PATH` named after its file.
fn named(arg: &str) -> Result<(String, PathBuf)> {
    if let Some((name, path)) = arg.split_once('=')
        && !name.contains('/')
    {
        return Ok((name.to_string(), PathBuf::from(path)));
    }
    let path = PathBuf::from(arg);
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .map(str::to_string);
    match stem {
        Some(name) if arg != "-" => Ok((name, path)),
        _ => Err(anyhow!("give a component file, as `PATH` or `NAME=PATH`"))
            .classify(FailureClass::Usage, || format!("invalid component `{arg}`")),
    }
}

/// `component` with what `host` grants and `imports` mocks and links.
fn with_imports(component: Component, host: &HostArgs, imports: &ImportArgs) -> Component {
    let component = imports.links.iter().fold(component, |c, link| c.link(link));
    let (host, imports) = (host.clone(), imports.clone());
    component.setup(move |session| {
        let mocks = imports.mocks(session.program())?;
        let session = host
            .apply(session)
            .classify(FailureClass::Usage, || "invalid host options".to_string())?;
        Ok(session.mocks(mocks))
    })
}

/// One component of a `--config` file, with the options of `run` spelt as keys.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConfigComponent {
    path: PathBuf,
    #[serde(default)]
    env: Vec<String>,
    #[serde(default)]
    dir: Vec<String>,
    #[serde(default)]
    inherit_env: bool,
    #[serde(default)]
    inherit_network: bool,
    #[serde(default)]
    trap_unknown_imports: bool,
    #[serde(default)]
    mock: Vec<String>,
    #[serde(default)]
    link: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    components: std::collections::BTreeMap<String, ConfigComponent>,
}

/// The components of a `--config` file; its relative paths are from the file's folder.
fn config_file(file: &Path) -> Result<Vec<Component>> {
    let text = std::fs::read_to_string(file).classify(FailureClass::Usage, || {
        format!("failed to read `{}`", file.display())
    })?;
    let config: ConfigFile = toml::from_str(&text).classify(FailureClass::Usage, || {
        format!("invalid `{}`", file.display())
    })?;
    let base = file.parent().unwrap_or(Path::new("."));
    let relative = |path: &str| base.join(path).to_string_lossy().into_owned();
    let mut components = Vec::new();
    for (name, entry) in config.components {
        let host = HostArgs {
            env: entry.env,
            dirs: entry
                .dir
                .iter()
                .map(|d| match d.split_once("::") {
                    Some((host, guest)) => format!("{}::{guest}", relative(host)),
                    None => format!("{}::{d}", relative(d)),
                })
                .collect(),
            inherit_env: entry.inherit_env,
            inherit_network: entry.inherit_network,
            trap_unknown_imports: entry.trap_unknown_imports,
        };
        let imports = ImportArgs {
            mocks: entry.mock,
            links: entry.link.iter().map(|l| relative(l)).collect(),
        };
        let component = Component::new(name, base.join(&entry.path));
        components.push(with_imports(component, &host, &imports));
    }
    Ok(components)
}

fn read_token(file: &Path) -> Result<String> {
    let token = std::fs::read_to_string(file).classify(FailureClass::Usage, || {
        format!("failed to read `{}`", file.display())
    })?;
    let token = token.trim();
    if token.is_empty() {
        return Err(anyhow!("the file is empty")).classify(FailureClass::Usage, || {
            format!("invalid token file `{}`", file.display())
        });
    }
    Ok(token.to_string())
}

/// The server's log on standard error: wavecall's own events (`-v` for debug, `-q` for
/// warnings only), or what `RUST_LOG` asks for.
fn init_logging(format: LogFormat, verbose: u8, quiet: bool) {
    use tracing_subscriber::EnvFilter;
    let level = match (quiet, verbose) {
        (true, _) => "warn",
        (false, 0) => "info",
        (false, _) => "debug",
    };
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new(format!("wavecall={level}")));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Text => builder.with_ansi(crate::cli::color::stderr()).try_init(),
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
    };
}
