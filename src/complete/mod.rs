//! Completion and hints for a call being typed, driven by the WIT types at the cursor: what
//! a REPL offers on Tab and shows under the line.
//!
//! [`complete`] offers function names (every name form, `[constructor]`/`[static]`/
//! `[method]` names too, the part after `]` matching), the methods of a bound handle after
//! `c.`, bound names, record fields not yet written, enum and variant cases (`%` before
//! keywords), flags, `some(`/`none`/`ok(`/`err(`, `true`/`false`, and kept results (`$N`)
//! that fit; right after `f(` it offers the whole argument list as typed placeholders
//! ([`template`]). [`hint`] gives the signature of the function being called and the
//! expected type of the argument under the cursor.
//!
//! The text before the cursor is rarely valid WAVE; a tolerant scanner (`scan.rs`) finds
//! the open containers and the word at the cursor without ever failing, then the types are
//! applied (`typed.rs`).

mod scan;
mod typed;

use wasmtime::component::{Type, Val};

use crate::exports::{NamedResource, aliases};
use crate::invocation::{ResourceNames, describe_type};
use crate::program::Program;
use scan::{Scan, scan};
use typed::Place;

/// What a session has bound, for completion: handle names and kept results.
#[derive(Default, Clone)]
pub struct Names {
    /// The live handles bound to names (`c = …`).
    pub handles: Vec<BoundHandle>,
    /// The results kept as `$1`, `$2`, …, with their types.
    pub kept: Vec<(Val, Type)>,
}

/// A name bound to a live handle.
#[derive(Clone)]
pub struct BoundHandle {
    /// The name.
    pub name: String,
    /// The exported resource the handle belongs to, whose methods `name.m(…)` calls.
    pub resource: Option<NamedResource>,
}

/// One thing Tab may insert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The text that replaces the word at the cursor.
    pub replacement: String,
    /// How it is listed: the replacement with what it is (a signature, a type).
    pub display: String,
}

/// What Tab may insert at a cursor.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Completions {
    /// Where the word the candidates replace starts (it ends at the cursor).
    pub start: usize,
    /// The candidates, the likeliest first.
    pub candidates: Vec<Candidate>,
}

impl Completions {
    /// The replacements alone.
    pub fn replacements(&self) -> Vec<&str> {
        self.candidates
            .iter()
            .map(|c| c.replacement.as_str())
            .collect()
    }
}

/// What to show under a call being typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    /// The function's signature as the call writes it: `area(s: shape) -> f32`.
    pub signature: String,
    /// The argument under the cursor and its type: `s: shape`, with the structure of a
    /// named type after `=`.
    pub expected: Option<String>,
}

/// The completions of `line` with the cursor at byte `pos`.
pub fn complete(program: &Program, names: &Names, line: &str, pos: usize) -> Completions {
    let pos = scan::floor(line, pos);
    match scan(line, pos) {
        Scan::Target { word, .. } => Completions {
            start: word.start,
            candidates: targets(program, names, &line[word]),
        },
        Scan::Args(args) => {
            let word = &line[args.word.clone()];
            let Some((func, skip)) = typed::function(program, names, &line[args.target.clone()])
            else {
                return Completions::default();
            };
            if args.in_literal || args.closed {
                return Completions::default();
            }
            let params = func.params();
            let params = params.get(skip..).unwrap_or(&[]);
            let open = args.target.end + line[args.target.end..].find('(').unwrap_or(0);
            let empty = line.get(open + 1..pos).is_some_and(|a| a.trim().is_empty());
            if empty && !params.is_empty() {
                let list: Vec<String> = params
                    .iter()
                    .map(|(_, ty)| typed::placeholder(ty, names, program))
                    .collect();
                let closed = line
                    .get(pos..)
                    .is_some_and(|r| r.trim_start().starts_with(')'));
                let mut text = list.join(", ");
                if !closed {
                    text.push(')');
                }
                return Completions {
                    start: pos,
                    candidates: vec![Candidate {
                        display: format!("({})", typed::param_list(params, program)),
                        replacement: text,
                    }],
                };
            }
            let candidates = match typed::place(&args, params) {
                Some(Place::Value { ty, .. }) => {
                    let mut words = typed::value_words(&ty, names);
                    if word.is_empty() && words.is_empty() {
                        let text = typed::placeholder(&ty, names, program);
                        words.push((text, describe_type(&ty, program)));
                    }
                    words
                        .into_iter()
                        .filter(|(w, _)| matches(w, word))
                        .map(|(w, about)| Candidate {
                            display: format!("{w}  {about}"),
                            replacement: w,
                        })
                        .collect()
                }
                Some(Place::Field {
                    ty: Type::Record(r),
                    given,
                    ..
                }) => r
                    .fields()
                    .filter(|f| !given.iter().any(|g| g == f.name))
                    .map(|f| (typed::label(f.name), describe_type(&f.ty, program)))
                    .filter(|(name, _)| matches(name, word))
                    .map(|(name, ty)| Candidate {
                        display: format!("{name}: {ty}"),
                        replacement: format!("{name}: "),
                    })
                    .collect(),
                Some(Place::Flag {
                    ty: Type::Flags(f),
                    given,
                    ..
                }) => f
                    .names()
                    .filter(|n| !given.iter().any(|g| g == n))
                    .map(typed::label)
                    .filter(|name| matches(name, word))
                    .map(|name| Candidate {
                        display: name.clone(),
                        replacement: name,
                    })
                    .collect(),
                _ => Vec::new(),
            };
            Completions {
                start: args.word.start,
                candidates,
            }
        }
    }
}

/// The signature and expected type at the cursor of `line`, when it names a function.
pub fn hint(program: &Program, names: &Names, line: &str, pos: usize) -> Option<Hint> {
    match scan(line, pos) {
        Scan::Target { word, .. } => {
            let target = &line[word];
            let (func, skip) = typed::function(program, names, target)?;
            Some(Hint {
                signature: typed::signature(target, func, skip, program),
                expected: None,
            })
        }
        Scan::Args(args) => {
            let target = &line[args.target.clone()];
            let (func, skip) = typed::function(program, names, target)?;
            let params = func.params();
            let expected = match args.closed {
                true => None,
                false => typed::place(&args, params.get(skip..).unwrap_or(&[])),
            };
            let expected = expected.map(|place| {
                let (Place::Value { ty, path }
                | Place::Field { ty, path, .. }
                | Place::Flag { ty, path, .. }) = place;
                let named = describe_type(&ty, program);
                let structure = crate::invocation::describe_structure(&ty, program);
                match named == structure {
                    true => format!("{path}: {named}"),
                    false => format!("{path}: {named} = {structure}"),
                }
            });
            Some(Hint {
                signature: typed::signature(target, func, skip, program),
                expected,
            })
        }
    }
}

/// The call of `target` with every argument a typed placeholder, e.g.
/// `area(circle({radius: 0.0}))`; `None` when `target` names no function.
pub fn template(program: &Program, names: &Names, target: &str) -> Option<String> {
    let (func, skip) = typed::function(program, names, target)?;
    let params = func.params();
    let args: Vec<String> = params
        .get(skip..)
        .unwrap_or(&[])
        .iter()
        .map(|(_, ty)| typed::placeholder(ty, names, program))
        .collect();
    Some(format!("{target}({})", args.join(", ")))
}

/// What `name` is, for a REPL's `:type`: a function's signature, a kept result's type
/// (`$2`), or the definition of a type named in the exported signatures (`shape`).
pub fn describe(program: &Program, names: &Names, name: &str) -> Option<String> {
    if let Some((func, skip)) = typed::function(program, names, name) {
        return Some(typed::signature(name, func, skip, program));
    }
    if let Some(number) = name.strip_prefix('$').and_then(|n| n.parse::<usize>().ok()) {
        let (_, ty) = names.kept.get(number.checked_sub(1)?)?;
        return Some(format!("{name}: {}", describe_type(ty, program)));
    }
    let mut found = None;
    for func in program.exports().funcs() {
        for ty in func
            .params()
            .into_iter()
            .map(|(_, t)| t)
            .chain(func.results())
        {
            typed::walk(&ty, &mut |t| {
                if found.is_none() && program.type_name(t) == Some(name) {
                    found = Some(t.clone());
                }
            });
        }
    }
    let ty = found?;
    let structure = crate::invocation::describe_structure(&ty, program);
    Some(format!("{name} = {structure}"))
}

/// Whether `candidate` completes `word` (a `%` before either is ignored).
fn matches(candidate: &str, word: &str) -> bool {
    candidate.starts_with(word)
        || candidate
            .trim_start_matches('%')
            .starts_with(word.trim_start_matches('%'))
}

/// Function names, methods of a bound handle and bound names that complete `word`.
fn targets(program: &Program, names: &Names, word: &str) -> Vec<Candidate> {
    let funcs = program.exports().funcs();
    let call = |name: String, has_params: bool| match has_params {
        true => format!("{name}("),
        false => format!("{name}()"),
    };
    if let Some((receiver, method)) = word.split_once('.')
        && let Some(handle) = names.handles.iter().find(|h| h.name == receiver)
    {
        let mut out: Vec<Candidate> = Vec::new();
        if let Some(resource) = &handle.resource {
            for func in funcs {
                if let crate::exports::FuncKind::Method {
                    resource: r,
                    method: m,
                } = func.kind()
                    && r == resource.name
                    && func.instance_path == resource.instance_path
                    && m.starts_with(method)
                {
                    let name = format!("{receiver}.{m}");
                    out.push(Candidate {
                        display: typed::signature(&name, func, 1, program),
                        replacement: call(name, func.params().len() > 1),
                    });
                }
            }
        }
        if "drop".starts_with(method) {
            out.push(Candidate {
                replacement: format!("{receiver}.drop()"),
                display: format!("{receiver}.drop()  drops the handle"),
            });
        }
        return out;
    }
    let all: Vec<Vec<String>> = funcs.iter().map(aliases).collect();
    let unique = |alias: &str| all.iter().filter(|a| a.iter().any(|x| x == alias)).count() == 1;
    let mut out: Vec<Candidate> = Vec::new();
    for (func, aliases) in funcs.iter().zip(&all) {
        // The shortest name of each function that completes the word; `[constructor]r`
        // also answers to what follows its `]`.
        let best = aliases
            .iter()
            .filter(|a| unique(a))
            .filter(|a| {
                a.starts_with(word)
                    || (!word.is_empty()
                        && a.split_once(']')
                            .is_some_and(|(_, rest)| rest.starts_with(word)))
            })
            .min_by_key(|a| a.len());
        if let Some(alias) = best {
            out.push(Candidate {
                display: typed::signature(alias, func, 0, program),
                replacement: call(alias.clone(), !func.params().is_empty()),
            });
        }
    }
    for handle in &names.handles {
        if handle.name.starts_with(word) {
            out.push(Candidate {
                replacement: format!("{}.", handle.name),
                display: format!("{}.  a bound handle", handle.name),
            });
        }
    }
    if "drop".starts_with(word) && !word.is_empty() {
        out.push(Candidate {
            replacement: "drop(".into(),
            display: "drop(handle)  drops a handle".into(),
        });
    }
    out
}
