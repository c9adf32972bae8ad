//! The components as loaded: one generation of them, replaced whole by a reload while
//! requests on the old one finish on it.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Result;
use serde_json::{Value, json};

use super::builder::Component;
use crate::{Runtime, SessionPre};

/// One loaded component, ready to instantiate.
pub(crate) struct Served {
    pub(crate) name: String,
    pub(crate) pre: SessionPre<'static>,
    /// The function listing, worked out once (`GET /v1/{name}/functions`).
    pub(crate) functions: Value,
    /// The WIT text, or why it cannot be had.
    pub(crate) wit: Result<String, String>,
}

/// The components of one load, by name.
pub(crate) struct Generation {
    pub(crate) number: u64,
    pub(crate) components: BTreeMap<String, Arc<Served>>,
}

thread_local! {
    /// Set by the runtime's progress hook when a load on this thread compiles.
    static COMPILED: Cell<bool> = const { Cell::new(false) };
}

/// The progress hook the server's runtime gets: it notes that a load compiled.
pub(crate) fn note_compile(event: &crate::LoadProgress) {
    if let crate::LoadProgress::Compiling { name, bytes, .. } = event {
        tracing::info!(component = %name, bytes, "compiling");
        COMPILED.with(|c| c.set(true));
    }
}

/// What one load found in the compile cache.
#[derive(Debug, Clone, Copy)]
pub(crate) enum CacheUse {
    /// Mapped from the cache (or a precompiled artifact): nothing compiled.
    Hit,
    /// Compiled (and written to the cache, when there is one).
    Miss,
    /// Compiled, with no cache.
    Off,
}

impl CacheUse {
    pub(crate) fn label(self) -> &'static str {
        match self {
            CacheUse::Hit => "hit",
            CacheUse::Miss => "miss",
            CacheUse::Off => "off",
        }
    }
}

/// Loads every component (on the calling thread, which blocks), starting one instance of
/// each to check that it instantiates. The first failure fails the whole load.
pub(crate) fn load_all(
    runtime: &Runtime,
    components: &[Component],
    number: u64,
    mut on_load: impl FnMut(&str, CacheUse),
) -> Result<Generation> {
    let mut loaded = BTreeMap::new();
    for component in components {
        let started = Instant::now();
        COMPILED.with(|c| c.set(false));
        let served = load(runtime, component)?;
        let cache = match (COMPILED.with(Cell::get), runtime.cache().is_some()) {
            (false, _) => CacheUse::Hit,
            (true, true) => CacheUse::Miss,
            (true, false) => CacheUse::Off,
        };
        on_load(&component.name, cache);
        tracing::info!(
            component = %component.name,
            generation = number,
            cache = cache.label(),
            elapsed_ms = started.elapsed().as_millis() as u64,
            "loaded"
        );
        loaded.insert(component.name.clone(), Arc::new(served));
    }
    Ok(Generation {
        number,
        components: loaded,
    })
}

fn load(runtime: &Runtime, component: &Component) -> Result<Served> {
    let links = component
        .links
        .iter()
        .map(|path| crate::Link::read(path.as_path()))
        .collect::<Result<Vec<_>>>()?;
    let program = Arc::new(
        runtime
            .program(component.path.as_path())
            .links(links)
            .load()?,
    );
    let mut session = program.shared_session();
    if let Some(setup) = &component.setup {
        session = setup(session)?;
    }
    let pre = session.prepare()?;
    // Ready means instantiable: a grant of a directory that is gone, a start function
    // that traps, fail here rather than on every request.
    drop(pre.start()?);
    let (functions, wit) = describe(&component.name, &pre);
    Ok(Served {
        name: component.name.clone(),
        pre,
        functions,
        wit,
    })
}

/// The function listing and the WIT text. Without decodable WIT the listing still names
/// every function, by the names the export index gives it.
fn describe(name: &str, pre: &SessionPre<'static>) -> (Value, Result<String, String>) {
    let program = pre.program();
    let wit = program.wit();
    let functions: Vec<Value> = match &wit {
        Ok(wit) => wit
            .signatures()
            .iter()
            .map(|s| {
                let params: Vec<Value> = s
                    .params
                    .iter()
                    .map(|(name, ty)| json!({"name": name, "type": ty}))
                    .collect();
                json!({
                    "name": s.name,
                    "qualified": s.qualified,
                    "signature": s.to_string(),
                    "params": params,
                    "result": s.result,
                })
            })
            .collect(),
        Err(_) => program
            .exports()
            .funcs()
            .iter()
            .map(|f| {
                let name = program.exports().shortest_name(f);
                let params: Vec<Value> = f
                    .params()
                    .iter()
                    .map(|(name, _)| json!({"name": name, "type": null}))
                    .collect();
                json!({
                    "name": name,
                    "qualified": f.qualified_name(),
                    "signature": null,
                    "params": params,
                    "result": null,
                })
            })
            .collect(),
    };
    let text = wit
        .and_then(|wit| wit.to_text())
        .map_err(|err| format!("{err:#}"));
    (json!({"component": name, "functions": functions}), text)
}
