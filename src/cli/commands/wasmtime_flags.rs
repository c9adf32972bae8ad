//! `wasmtime run`'s spellings of wavecall's own flags: `-W fuel=N`, `-S inherit-env`.
//!
//! Users arrive with wasmtime habits. Where a `-W`/`-S` key means what a wavecall flag means
//! it is accepted and merged into that flag; every other key is refused with a one-line
//! pointer to the wavecall flag that does the job, or a plain "not supported" (exit 2, as
//! any bad usage). The keys are those of wasmtime's `WasmOptions` and `WasiOptions`
//! (`crates/cli-flags/src/lib.rs` in the wasmtime repository).

use std::time::Duration;

use anyhow::{Result, bail};
use clap::Args;

use super::options::{HostArgs, LimitArgs, parse_bytes, parse_duration};

/// Wasmtime's `-W` and `-S` options, where they mean what a wavecall flag means.
#[derive(Args, Debug, Default)]
pub struct WasmtimeArgs {
    /// `wasmtime run`'s spelling of the limits: `fuel=N`, `timeout=DURATION`,
    /// `max-memory-size=BYTES`, `max-wasm-stack=BYTES`, `unknown-imports-trap`; comma-separated
    /// or repeated
    #[arg(short = 'W', value_name = "KEY[=VALUE]", help_heading = HEADING)]
    #[arg(value_parser = parse_wasm)]
    wasm: Vec<Keys>,
    /// `wasmtime run`'s spelling of the grants: `inherit-env`, `inherit-network`
    #[arg(short = 'S', value_name = "KEY[=VALUE]", help_heading = HEADING)]
    #[arg(value_parser = parse_wasi)]
    wasi: Vec<Keys>,
}

const HEADING: &str = "Wasmtime's spellings";

/// The keys of one `-W` or `-S` argument.
#[derive(Debug, Clone)]
pub struct Keys(Vec<Key>);

/// A key that maps onto a wavecall flag.
#[derive(Debug, Clone, PartialEq)]
enum Key {
    Fuel(u64),
    Timeout(Duration),
    MaxMemory(u64),
    MaxStack(u64),
    TrapUnknownImports(bool),
    InheritEnv(bool),
    InheritNetwork(bool),
    /// Something wavecall always does (`component-model`, `cli`): accepted as is.
    AlwaysOn,
}

impl WasmtimeArgs {
    /// Merges the keys into the flags they spell; a flag given both ways is an error.
    pub fn apply(&self, limits: &mut LimitArgs, host: &mut HostArgs) -> Result<()> {
        fn set<T: PartialEq + Copy>(slot: &mut Option<T>, value: T, flags: &str) -> Result<()> {
            match slot {
                Some(old) if *old != value => {
                    bail!("{flags} are both given, with different values; keep one")
                }
                _ => *slot = Some(value),
            }
            Ok(())
        }
        for key in self.wasm.iter().chain(&self.wasi).flat_map(|k| &k.0) {
            match *key {
                Key::Fuel(n) => set(&mut limits.fuel, n, "`--fuel` and `-W fuel`")?,
                Key::Timeout(d) => set(&mut limits.timeout, d, "`--timeout` and `-W timeout`")?,
                Key::MaxMemory(n) => set(
                    &mut limits.max_memory,
                    n,
                    "`--max-memory` and `-W max-memory-size`",
                )?,
                Key::MaxStack(n) => set(
                    &mut limits.max_stack,
                    n,
                    "`--max-stack` and `-W max-wasm-stack`",
                )?,
                Key::TrapUnknownImports(on) => host.trap_unknown_imports |= on,
                Key::InheritEnv(on) => host.inherit_env |= on,
                Key::InheritNetwork(on) => host.inherit_network |= on,
                Key::AlwaysOn => {}
            }
        }
        Ok(())
    }
}

const WASM_KEYS: &str = "wavecall takes `-W fuel=N`, `-W timeout=DURATION`, \
     `-W max-memory-size=BYTES`, `-W max-wasm-stack=BYTES` and `-W unknown-imports-trap`";

const WASI_KEYS: &str = "wavecall takes `-S inherit-env` and `-S inherit-network`";

fn parse_wasm(text: &str) -> Result<Keys, String> {
    parse_keys(text, wasm_key)
}

fn parse_wasi(text: &str) -> Result<Keys, String> {
    parse_keys(text, wasi_key)
}

fn parse_keys(
    text: &str,
    key: fn(&str, Option<&str>) -> Result<Key, String>,
) -> Result<Keys, String> {
    text.split(',')
        .map(|part| match part.split_once('=') {
            Some((name, value)) => key(name.trim(), Some(value.trim())),
            None => key(part.trim(), None),
        })
        .collect::<Result<_, _>>()
        .map(Keys)
}

fn wasm_key(name: &str, value: Option<&str>) -> Result<Key, String> {
    let needs =
        |what: &str| value.ok_or_else(|| format!("`-W {name}` needs a value: `-W {name}={what}`"));
    Ok(match name {
        "fuel" => {
            let n = needs("N")?;
            Key::Fuel(
                n.parse()
                    .map_err(|_| format!("`-W fuel` takes a whole number, got `{n}`"))?,
            )
        }
        "timeout" => Key::Timeout(parse_duration(needs("DURATION")?).map_err(|e| e.to_string())?),
        "max-memory-size" => Key::MaxMemory(bytes(needs("BYTES")?)?),
        "max-wasm-stack" => Key::MaxStack(bytes(needs("BYTES")?)?),
        "unknown-imports-trap" => Key::TrapUnknownImports(flag(name, value)?),
        "component-model" if flag(name, value)? => Key::AlwaysOn,
        "component-model" => {
            return Err("wavecall runs components: the component model is always on".into());
        }
        "help" => return Err(WASM_KEYS.to_string()),
        "max-table-elements" => {
            return Err(pointer(
                &format!("-W {name}"),
                "`--max-memory BYTES`, which caps tables as well as memories",
            ));
        }
        "unknown-imports-default" => {
            return Err(pointer(
                &format!("-W {name}"),
                "`--mock NAME=VALUE`, which gives an import a fixed result",
            ));
        }
        "max-instances" | "max-tables" | "max-memories" => {
            return Err(pointer(
                &format!("-W {name}"),
                "`--max-memory BYTES` for sizes; counts are not limited",
            ));
        }
        "epoch-interruption" => {
            return Err(pointer(
                &format!("-W {name}"),
                "`--timeout DURATION`, which turns it on",
            ));
        }
        _ => {
            return Err(format!(
                "wavecall does not support `-W {name}`; {WASM_KEYS}"
            ));
        }
    })
}

fn wasi_key(name: &str, value: Option<&str>) -> Result<Key, String> {
    Ok(match name {
        "inherit-env" => Key::InheritEnv(flag(name, value)?),
        "inherit-network" => Key::InheritNetwork(flag(name, value)?),
        // WASI 0.2 is always there for the components that import it.
        "cli" | "common" | "preview2" if flag(name, value)? => Key::AlwaysOn,
        "tcp" | "udp" | "allow-ip-name-lookup" => {
            return Err(pointer(
                &format!("-S {name}"),
                "`--inherit-network`, which allows TCP, UDP and name lookups together",
            ));
        }
        "help" => return Err(WASI_KEYS.to_string()),
        _ => {
            return Err(format!(
                "wavecall does not support `-S {name}`: it provides WASI 0.2 (`wasi:cli`, \
                 filesystem, sockets, clocks, random) as granted by its own flags; {WASI_KEYS}"
            ));
        }
    })
}

fn bytes(text: &str) -> Result<u64, String> {
    parse_bytes(text).map_err(|e| e.to_string())
}

/// A wasmtime boolean: the key alone, or `=y`, `=yes`, `=true`, `=n`, `=no`, `=false`.
fn flag(name: &str, value: Option<&str>) -> Result<bool, String> {
    match value {
        None | Some("y" | "yes" | "true") => Ok(true),
        Some("n" | "no" | "false") => Ok(false),
        Some(other) => Err(format!("`{name}` takes `y` or `n`, got `{other}`")),
    }
}

/// The wavecall flag to use instead of wasmtime's `flag`.
fn pointer(flag: &str, instead: &str) -> String {
    format!("wavecall has no `{flag}`; use {instead}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str, parse: fn(&str) -> Result<Keys, String>) -> Vec<Key> {
        parse(text).unwrap().0
    }

    #[test]
    fn wasm_keys_map_onto_flags() {
        assert_eq!(
            keys("fuel=1000,timeout=2s", parse_wasm),
            [Key::Fuel(1000), Key::Timeout(Duration::from_secs(2))]
        );
        assert_eq!(
            keys("max-memory-size=65536", parse_wasm),
            [Key::MaxMemory(65536)]
        );
        assert_eq!(
            keys("unknown-imports-trap=y", parse_wasm),
            [Key::TrapUnknownImports(true)]
        );
        assert_eq!(
            keys("unknown-imports-trap", parse_wasm),
            [Key::TrapUnknownImports(true)]
        );
        assert!(parse_wasm("fuel").unwrap_err().contains("-W fuel=N"));
        assert!(
            parse_wasm("max-table-elements=10")
                .unwrap_err()
                .contains("--max-memory")
        );
        assert!(
            parse_wasm("simd=n")
                .unwrap_err()
                .contains("does not support")
        );
    }

    #[test]
    fn wasi_keys_map_onto_flags() {
        assert_eq!(
            keys("inherit-env,inherit-network=n", parse_wasi),
            [Key::InheritEnv(true), Key::InheritNetwork(false)]
        );
        assert!(parse_wasi("tcp").unwrap_err().contains("--inherit-network"));
        assert!(parse_wasi("http").unwrap_err().contains("does not support"));
    }

    #[test]
    fn a_flag_given_both_ways_must_agree() {
        let args = WasmtimeArgs {
            wasm: vec![parse_wasm("fuel=5").unwrap()],
            wasi: Vec::new(),
        };
        let mut limits = LimitArgs {
            fuel: Some(5),
            ..LimitArgs::default()
        };
        let mut host = HostArgs::default();
        args.apply(&mut limits, &mut host).unwrap();
        limits.fuel = Some(6);
        assert!(args.apply(&mut limits, &mut host).is_err());
    }
}
