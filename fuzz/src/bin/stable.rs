//! The fuzz targets in a loop on stable Rust, with a seeded RNG and our own mutators.
//!
//! `stable TARGET ITERATIONS [SEED] [SEED_DIR]` runs `call_text`, `round_trip`,
//! `component_bytes`, `spec_file`, `cli_values`, `completion` or `all`, prints the execution count and
//! rate, and panics (with the seed and iteration to reproduce) on the first bug.
//! `component_bytes` mutates the `.wasm` files in `SEED_DIR` (default: the built test
//! fixtures); `spec_file` generates calls of `SEED_DIR/types.wasm` and runs one spec in a
//! thousand against it.

use std::time::Instant;

use wavecall_fuzz::targets::{self, Rng};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some(wavecall_fuzz::DECODE_WIT) {
        std::process::exit(wavecall::wit::decode_child_main());
    }
    let target = args.get(1).map_or("all", String::as_str);
    let iterations: u64 = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let seed: u64 = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(1);
    let seed_dir = args.get(4).cloned().unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../target/tmp/fixtures").to_string()
    });
    let names: Vec<&str> = match target {
        "all" => vec![
            "call_text",
            "round_trip",
            "component_bytes",
            "spec_file",
            "cli_values",
            "completion",
        ],
        one => vec![one],
    };
    for name in names {
        let start = Instant::now();
        let mut rng = Rng(seed);
        match name {
            "call_text" | "round_trip" | "spec_file" | "cli_values" => {
                // Built only for the targets that draw from it (64 worlds take a while).
                let pool = matches!(name, "call_text" | "round_trip").then(wavecall_fuzz::pool);
                let spec_pool =
                    (name == "spec_file").then(|| wavecall_fuzz::fixture_pool(&seed_dir));
                let spec_run = spec_pool.as_ref().map(|_| targets::SpecRun {
                    component: std::path::Path::new(&seed_dir).join("types.wasm"),
                    dir: std::env::temp_dir(),
                    every: 1000,
                });
                let files =
                    (name == "cli_values").then(|| targets::FileBox::new(&std::env::temp_dir()));
                for i in 0..iterations {
                    let case_seed = rng.0;
                    let run = || {
                        let mut case = Rng(case_seed);
                        match name {
                            "call_text" => {
                                targets::call_text(pool.expect("made above"), &mut case);
                            }
                            "round_trip" => {
                                targets::round_trip(pool.expect("made above"), &mut case)
                            }
                            "spec_file" => {
                                let pool = spec_pool.as_ref().expect("made above");
                                targets::spec_file(pool, spec_run.as_ref(), &mut case);
                            }
                            _ => {
                                targets::cli_values(files.as_ref().expect("made above"), &mut case)
                            }
                        }
                    };
                    if std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)).is_err() {
                        panic!("{name}: bug at iteration {i}, case seed {case_seed}");
                    }
                    rng.next();
                }
            }
            "component_bytes" => {
                let seeds = seed_components(&seed_dir);
                let runtime = wavecall_fuzz::runtime();
                // A stack overflow aborts the process before any handler runs; with
                // `FUZZ_CURRENT=PATH` each input is written there first, so it survives.
                let current = std::env::var_os("FUZZ_CURRENT");
                for i in 0..iterations {
                    let base = &seeds[(i as usize) % seeds.len()];
                    let bytes = targets::mutate_bytes(base, &mut rng);
                    if let Some(path) = &current {
                        std::fs::write(path, &bytes).expect("write the current input");
                    }
                    let run = || targets::component_bytes(runtime, &bytes);
                    if std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)).is_err() {
                        let path = format!("crash-{seed}-{i}.wasm");
                        std::fs::write(&path, &bytes).expect("write the crash");
                        panic!("{name}: bug at iteration {i}; input saved as {path}");
                    }
                }
            }
            "completion" => {
                // Every fixture with functions, so Tab meets every kind of type.
                let runtime = wavecall_fuzz::runtime();
                let programs: Vec<_> = [
                    "types",
                    "resources",
                    "shapes",
                    "nested",
                    "many-params",
                    "echo",
                ]
                .iter()
                .filter_map(|name| {
                    let path = std::path::Path::new(&seed_dir).join(format!("{name}.wasm"));
                    runtime.load(path.as_path()).ok()
                })
                .collect();
                assert!(!programs.is_empty(), "no fixtures in {seed_dir}");
                for i in 0..iterations {
                    let case_seed = rng.0;
                    let program = &programs[(i as usize) % programs.len()];
                    let run = || targets::completion(program, &mut Rng(case_seed));
                    if std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)).is_err() {
                        panic!("{name}: bug at iteration {i}, case seed {case_seed}");
                    }
                    rng.next();
                }
            }
            "typed_wave" => {
                let pool = wavecall_fuzz::typed_pool();
                wavecall_fuzz::typed_wave::run(pool, iterations, seed);
                continue;
            }
            other => panic!("unknown target `{other}`"),
        }
        let secs = start.elapsed().as_secs_f64();
        println!(
            "{name}: {iterations} executions in {secs:.1} s ({:.0}/s), seed {seed}, no crash",
            iterations as f64 / secs
        );
    }
}

trait Next {
    fn next(&mut self);
}

impl Next for Rng {
    fn next(&mut self) {
        use targets::Choices;
        self.next_u64();
    }
}

fn seed_components(dir: &str) -> Vec<Vec<u8>> {
    let mut seeds: Vec<Vec<u8>> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read seed folder {dir}: {e}"))
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            (path.extension()? == "wasm").then(|| std::fs::read(path).ok())?
        })
        .collect();
    seeds.push(b"(component)".to_vec());
    seeds
}
