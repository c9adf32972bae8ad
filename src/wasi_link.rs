//! WASI p2 in a linker, one interface at a time: only those the component imports.
//!
//! `wasmtime_wasi::p2::add_to_linker_sync` defines every interface of WASI p2 (about 170
//! functions and a dozen resources); defining them was most of a warm start. A Rust component
//! typically imports a third of them (`wasi:cli/*` and `wasi:io/*`, for its panics and
//! standard streams). This defines the same interfaces with the same bindings as
//! `add_to_linker_sync` (wasmtime-wasi 48's `p2/mod.rs`), each only when an import names it;
//! which version of it is imported is left to the linker's semver matching, as before.

use anyhow::Result;
use wasmtime::Engine;
use wasmtime::component::{Component, HasData, Linker, ResourceTable};
use wasmtime_wasi::cli::{WasiCli, WasiCliView};
use wasmtime_wasi::clocks::{WasiClocks, WasiClocksView};
use wasmtime_wasi::filesystem::{WasiFilesystem, WasiFilesystemView};
use wasmtime_wasi::p2::bindings::{self, sync};
use wasmtime_wasi::random::{WasiRandom, WasiRandomView};
use wasmtime_wasi::sockets::{WasiSockets, WasiSocketsView};
use wasmtime_wasi::{WasiCtxView, WasiView};

/// The `wasi:io` host traits are implemented on the resource table.
struct Io;

impl HasData for Io {
    type Data<'a> = &'a mut ResourceTable;
}

fn table<T: WasiView>(t: &mut T) -> &mut ResourceTable {
    let WasiCtxView { table, .. } = t.ctx();
    table
}

/// Defines each WASI p2 interface that `component` imports.
pub fn add_imported<T: WasiView + 'static>(
    linker: &mut Linker<T>,
    engine: &Engine,
    component: &Component,
) -> Result<()> {
    let mut names: Vec<&str> = Vec::new();
    let ty = component.component_type();
    for (name, _) in ty.imports(engine) {
        // `wasi:cli/stdout@0.2.6` → `cli/stdout`.
        let Some(interface) = name.strip_prefix("wasi:") else {
            continue;
        };
        let interface = interface.split_once('@').map_or(interface, |(i, _)| i);
        if !names.contains(&interface) {
            names.push(interface);
        }
    }
    for name in names {
        add(linker, name)?;
    }
    Ok(())
}

/// Defines one interface, named `package/interface`; others are left to the caller.
fn add<T: WasiView + 'static>(l: &mut Linker<T>, name: &str) -> Result<()> {
    use bindings::{cli, clocks, filesystem, random, sockets};
    match name {
        "clocks/wall-clock" => clocks::wall_clock::add_to_linker::<T, WasiClocks>(l, T::clocks)?,
        "clocks/monotonic-clock" => {
            clocks::monotonic_clock::add_to_linker::<T, WasiClocks>(l, T::clocks)?
        }
        "filesystem/preopens" => {
            filesystem::preopens::add_to_linker::<T, WasiFilesystem>(l, T::filesystem)?
        }
        "filesystem/types" => {
            sync::filesystem::types::add_to_linker::<T, WasiFilesystem>(l, T::filesystem)?
        }
        "random/random" => random::random::add_to_linker::<T, WasiRandom>(l, T::random)?,
        "random/insecure" => random::insecure::add_to_linker::<T, WasiRandom>(l, T::random)?,
        "random/insecure-seed" => {
            random::insecure_seed::add_to_linker::<T, WasiRandom>(l, T::random)?
        }
        "cli/exit" => cli::exit::add_to_linker::<T, WasiCli>(l, T::cli)?,
        "cli/environment" => cli::environment::add_to_linker::<T, WasiCli>(l, T::cli)?,
        "cli/stdin" => cli::stdin::add_to_linker::<T, WasiCli>(l, T::cli)?,
        "cli/stdout" => cli::stdout::add_to_linker::<T, WasiCli>(l, T::cli)?,
        "cli/stderr" => cli::stderr::add_to_linker::<T, WasiCli>(l, T::cli)?,
        "cli/terminal-input" => cli::terminal_input::add_to_linker::<T, WasiCli>(l, T::cli)?,
        "cli/terminal-output" => cli::terminal_output::add_to_linker::<T, WasiCli>(l, T::cli)?,
        "cli/terminal-stdin" => cli::terminal_stdin::add_to_linker::<T, WasiCli>(l, T::cli)?,
        "cli/terminal-stdout" => cli::terminal_stdout::add_to_linker::<T, WasiCli>(l, T::cli)?,
        "cli/terminal-stderr" => cli::terminal_stderr::add_to_linker::<T, WasiCli>(l, T::cli)?,
        "sockets/tcp-create-socket" => {
            sockets::tcp_create_socket::add_to_linker::<T, WasiSockets>(l, T::sockets)?
        }
        "sockets/instance-network" => {
            sockets::instance_network::add_to_linker::<T, WasiSockets>(l, T::sockets)?
        }
        "sockets/network" => {
            let options = sockets::network::LinkOptions::default();
            sockets::network::add_to_linker::<T, WasiSockets>(l, &options, T::sockets)?
        }
        "sockets/ip-name-lookup" => {
            sockets::ip_name_lookup::add_to_linker::<T, WasiSockets>(l, T::sockets)?
        }
        "sockets/tcp" => sync::sockets::tcp::add_to_linker::<T, WasiSockets>(l, T::sockets)?,
        "sockets/udp" => sync::sockets::udp::add_to_linker::<T, WasiSockets>(l, T::sockets)?,
        "sockets/udp-create-socket" => {
            sync::sockets::udp_create_socket::add_to_linker::<T, WasiSockets>(l, T::sockets)?
        }
        "io/error" => sync::io::error::add_to_linker::<T, Io>(l, table)?,
        "io/poll" => sync::io::poll::add_to_linker::<T, Io>(l, table)?,
        "io/streams" => sync::io::streams::add_to_linker::<T, Io>(l, table)?,
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use wasmtime::component::{Component, Linker, ResourceTable};
    use wasmtime::{Config, Engine};
    use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

    /// Every interface `wasmtime_wasi::p2::add_to_linker_sync` defines.
    const P2: &[&str] = &[
        "clocks/wall-clock",
        "clocks/monotonic-clock",
        "filesystem/preopens",
        "filesystem/types",
        "random/random",
        "random/insecure",
        "random/insecure-seed",
        "cli/exit",
        "cli/environment",
        "cli/stdin",
        "cli/stdout",
        "cli/stderr",
        "cli/terminal-input",
        "cli/terminal-output",
        "cli/terminal-stdin",
        "cli/terminal-stdout",
        "cli/terminal-stderr",
        "sockets/tcp-create-socket",
        "sockets/instance-network",
        "sockets/network",
        "sockets/ip-name-lookup",
        "sockets/tcp",
        "sockets/udp",
        "sockets/udp-create-socket",
        "io/error",
        "io/poll",
        "io/streams",
    ];

    struct State(WasiCtx, ResourceTable);

    impl WasiView for State {
        fn ctx(&mut self) -> WasiCtxView<'_> {
            WasiCtxView {
                ctx: &mut self.0,
                table: &mut self.1,
            }
        }
    }

    /// Each name maps to the interface `add_to_linker_sync` defines under that name: adding
    /// it again to a linker that has all of WASI must clash.
    #[test]
    fn each_name_defines_the_interface_of_that_name() {
        let engine = Engine::new(&Config::new()).unwrap();
        for name in P2 {
            let mut linker = Linker::<State>::new(&engine);
            wasmtime_wasi::p2::add_to_linker_sync(&mut linker).unwrap();
            assert!(super::add(&mut linker, name).is_err(), "{name}");
        }
        let mut linker = Linker::<State>::new(&engine);
        wasmtime_wasi::p2::add_to_linker_sync(&mut linker).unwrap();
        assert!(super::add(&mut linker, "http/types").is_ok());
        // And no two names define the same interface.
        let mut linker = Linker::<State>::new(&engine);
        for name in P2 {
            assert!(super::add(&mut linker, name).is_ok(), "{name} again");
        }
    }

    /// Only the imported interfaces are defined, and imports of older patch versions match.
    #[test]
    fn imported_interfaces_are_defined_and_others_are_not() {
        let engine = Engine::new(&Config::new()).unwrap();
        // `wasi:random/random` and `wasi:io/error`, as a component imports them.
        let component = Component::new(
            &engine,
            r#"(component
                (import "wasi:random/random@0.2.0" (instance
                    (export "get-random-u64" (func (result u64)))))
                (import "wasi:io/error@0.2.3" (instance
                    (export "error" (type (sub resource))))))"#,
        )
        .unwrap();
        let mut linker = Linker::<State>::new(&engine);
        super::add_imported(&mut linker, &engine, &component).unwrap();
        assert!(linker.instantiate_pre(&component).is_ok());
        // Adding them again clashes; an interface not imported is still free.
        assert!(super::add(&mut linker, "random/random").is_err());
        assert!(super::add(&mut linker, "io/error").is_err());
        assert!(super::add(&mut linker, "clocks/monotonic-clock").is_ok());
    }
}
