//! Links: components whose exports satisfy imports of the component under test, composed with
//! it into one component, as `wac plug COMPONENT --plug LINK…` composes them.
//!
//! Composition, rather than host functions that forward each call to another instance, gives
//! what a real composition gives by construction: resource handles cross the link, every part
//! gets the same WASI, and a call between the parts is a call inside one component. It is the
//! behaviour users compare against (`wac plug`, then `wasmtime run`). The measurement that
//! decided it is in `docs/linking.md`.
//!
//! Each import of the component that a link exports under the same name, or a
//! semver-compatible one, with a type that fits, is satisfied by that link's instance. A link
//! satisfies whole imports (an interface and all of its functions), never single functions.
//! Links satisfy only the component's imports, not each other's (as `wac plug`); what no link
//! satisfies, and the links' own imports, stay imports of the composition for the host
//! (WASI, mocks, trapping stubs). The same inputs compose to the same bytes, so the compile
//! cache finds the composition by its digest like any other component.

use std::collections::HashSet;

use anyhow::{Result, anyhow, bail};
use wac_graph::types::{ItemKind, Package, SubtypeChecker, are_semver_compatible};
use wac_graph::{CompositionGraph, EncodeOptions, PackageId};

use crate::error::{ClassifyExt, FailureClass};
use crate::load::{self, Source};

/// A component whose exports satisfy imports of the component under test.
#[derive(Clone)]
pub struct Link {
    /// Where it came from, for messages.
    pub name: String,
    /// Its binary (a text component is converted when read).
    pub binary: Vec<u8>,
}

impl std::fmt::Debug for Link {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Link").field("name", &self.name).finish()
    }
}

impl Link {
    /// Reads a link: a binary component or a `.wat` text component.
    pub fn read(source: impl Into<Source>) -> Result<Link> {
        let source = source.into();
        let name = source.to_string();
        let binary = load::read_binary_inner(&source, &name)
            .classify(FailureClass::Load, || {
                format!("failed to load the link `{name}`")
            })?;
        Ok(Link { name, binary })
    }
}

/// An import of the component that a link satisfies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedImport {
    /// The import's name, e.g. `wavecall:pair/counters@0.1.0`.
    pub import: String,
    /// The name of the link that satisfies it.
    pub link: String,
}

/// A component composed with its links.
pub struct Composition {
    /// The composed component.
    pub binary: Vec<u8>,
    /// Which link satisfies which import.
    pub linked: Vec<LinkedImport>,
}

/// Composes `component` (named `name` in messages) with `links`; the first link that
/// exports an import satisfies it. A link that satisfies nothing is an error: it is
/// surely a mistake, such as an interface version that does not match.
pub fn compose(name: &str, component: &[u8], links: &[Link]) -> Result<Composition> {
    let mut graph = CompositionGraph::new();
    let socket = register(&mut graph, "socket", name, component)?;
    let instance = graph.instantiate(socket);
    let imports: Vec<(String, ItemKind)> = graph.types()[graph[socket].ty()]
        .imports
        .iter()
        .map(|(name, kind)| (name.clone(), *kind))
        .collect();
    let mut satisfied: HashSet<String> = HashSet::new();
    let mut linked = Vec::new();
    for (index, link) in links.iter().enumerate() {
        // `wac plug` names its plugs after their files; the names are not in the output.
        let package = register(
            &mut graph,
            &format!("plug:link{index}"),
            &link.name,
            &link.binary,
        )?;
        let matches = matching_exports(&graph, package, &imports, name, link)?;
        if matches.is_empty() {
            bail!(nothing_to_link(&graph, package, &imports, name, link));
        }
        let mut plug = None;
        for (export, import) in matches {
            if !satisfied.insert(import.clone()) {
                continue; // an earlier link satisfies it
            }
            let plug = *plug.get_or_insert_with(|| graph.instantiate(package));
            let alias = graph.alias_instance_export(plug, &export)?;
            graph.set_instantiation_argument(instance, &import, alias)?;
            linked.push(LinkedImport {
                import,
                link: link.name.clone(),
            });
        }
    }
    let exports: Vec<String> = graph.types()[graph[socket].ty()]
        .exports
        .keys()
        .cloned()
        .collect();
    for export in exports {
        let alias = graph.alias_instance_export(instance, &export)?;
        graph.export(alias, export)?;
    }
    // Wasmtime validates the composition when it compiles it.
    let options = EncodeOptions {
        validate: false,
        ..EncodeOptions::default()
    };
    Ok(Composition {
        binary: graph.encode(options)?,
        linked,
    })
}

fn register(
    graph: &mut CompositionGraph,
    package: &str,
    name: &str,
    binary: &[u8],
) -> Result<PackageId> {
    let parsed = Package::from_bytes(package, None, binary, graph.types_mut())
        .map_err(|e| e.context(format!("failed to read `{name}` for linking")))?;
    Ok(graph.register_package(parsed)?)
}

/// The exports of the link `package` that match imports of the component, as (export,
/// import) pairs in the link's export order; a name that matches with the wrong type is an
/// error.
fn matching_exports(
    graph: &CompositionGraph,
    package: PackageId,
    imports: &[(String, ItemKind)],
    name: &str,
    link: &Link,
) -> Result<Vec<(String, String)>> {
    let types = graph.types();
    let mut cache = HashSet::new();
    let mut checker = SubtypeChecker::new(&mut cache);
    let mut matches = Vec::new();
    for (export, kind) in &types[graph[package].ty()].exports {
        // The exact name first, as `wac plug` does, then a semver-compatible one.
        let import = imports
            .iter()
            .find(|(import, _)| import == export)
            .or_else(|| {
                imports
                    .iter()
                    .find(|(import, _)| are_semver_compatible(export, import))
            });
        let Some((import, expected)) = import else {
            continue;
        };
        checker
            .is_subtype(*kind, types, *expected, types)
            .map_err(|e| {
                anyhow!(
                    "`{}` exports `{export}`, but not with the type `{name}` imports: {e:#}",
                    link.name
                )
            })?;
        matches.push((export.clone(), import.clone()));
    }
    Ok(matches)
}

/// The error for a link that exports nothing the component imports, listing both sides.
fn nothing_to_link(
    graph: &CompositionGraph,
    package: PackageId,
    imports: &[(String, ItemKind)],
    name: &str,
    link: &Link,
) -> String {
    let list = |names: Vec<&str>| match names.as_slice() {
        [] => "nothing".to_string(),
        names => format!("`{}`", names.join("`, `")),
    };
    let exports = graph.types()[graph[package].ty()]
        .exports
        .keys()
        .map(String::as_str)
        .collect();
    let imports = imports.iter().map(|(i, _)| i.as_str()).collect();
    format!(
        "`{}` exports nothing that `{name}` imports\n`{name}` imports {}\n`{}` exports {}",
        link.name,
        list(imports),
        link.name,
        list(exports)
    )
}
