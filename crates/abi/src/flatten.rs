//! Flattening types into core values, and the core signatures of lifted and lowered
//! functions.

use serde::Serialize;
use wit_parser::{Function, Resolve, Type, TypeDefKind};

use super::layout::flag_words;
use super::{CoreType, MAX_FLAT_PARAMS, MAX_FLAT_RESULTS};

/// The core values `ty` flattens into.
pub fn flatten(resolve: &Resolve, ty: &Type) -> Vec<CoreType> {
    let mut out = Vec::new();
    push_flat(resolve, ty, &mut out);
    out
}

fn push_flat(resolve: &Resolve, ty: &Type, out: &mut Vec<CoreType>) {
    match ty {
        Type::Bool
        | Type::U8
        | Type::U16
        | Type::U32
        | Type::S8
        | Type::S16
        | Type::S32
        | Type::Char
        | Type::ErrorContext => out.push(CoreType::I32),
        Type::U64 | Type::S64 => out.push(CoreType::I64),
        Type::F32 => out.push(CoreType::F32),
        Type::F64 => out.push(CoreType::F64),
        Type::String => out.extend([CoreType::I32, CoreType::I32]),
        Type::Id(id) => match &resolve.types[*id].kind {
            TypeDefKind::Type(t) => push_flat(resolve, t, out),
            TypeDefKind::Record(r) => r.fields.iter().for_each(|f| push_flat(resolve, &f.ty, out)),
            TypeDefKind::Tuple(t) => t.types.iter().for_each(|t| push_flat(resolve, t, out)),
            TypeDefKind::Flags(f) => {
                let words = match f.flags.len() {
                    1..=16 => 1,
                    n => flag_words(n),
                };
                out.extend((0..words).map(|_| CoreType::I32));
            }
            TypeDefKind::Variant(v) => out.extend(flatten_variant(
                resolve,
                v.cases.iter().map(|c| c.ty.as_ref()),
            )),
            TypeDefKind::Enum(_) => out.push(CoreType::I32),
            TypeDefKind::Option(t) => out.extend(flatten_variant(resolve, [None, Some(t)])),
            TypeDefKind::Result(r) => {
                out.extend(flatten_variant(resolve, [r.ok.as_ref(), r.err.as_ref()]))
            }
            TypeDefKind::List(_) | TypeDefKind::Map(..) => {
                out.extend([CoreType::I32, CoreType::I32])
            }
            TypeDefKind::FixedLengthList(t, n) => {
                for _ in 0..*n {
                    push_flat(resolve, t, out);
                }
            }
            TypeDefKind::Handle(_) | TypeDefKind::Future(_) | TypeDefKind::Stream(_) => {
                out.push(CoreType::I32)
            }
            // A resource type itself is never passed, only handles to it: nothing to flatten.
            TypeDefKind::Resource | TypeDefKind::Unknown => {}
        },
    }
}

/// The discriminant followed by the slot-wise join of every case's flat payload.
pub(crate) fn flatten_variant<'a>(
    resolve: &Resolve,
    payloads: impl IntoIterator<Item = Option<&'a Type>>,
) -> Vec<CoreType> {
    let mut slots: Vec<CoreType> = Vec::new();
    for ty in payloads.into_iter().flatten() {
        for (i, flat) in flatten(resolve, ty).into_iter().enumerate() {
            match slots.get_mut(i) {
                Some(slot) => *slot = join(*slot, flat),
                None => slots.push(flat),
            }
        }
    }
    let mut out = vec![CoreType::I32];
    out.extend(slots);
    out
}

/// The narrowest core type that can hold both `a` and `b` bit for bit.
pub(crate) fn join(a: CoreType, b: CoreType) -> CoreType {
    use CoreType::*;
    match (a, b) {
        _ if a == b => a,
        (I32, F32) | (F32, I32) => I32,
        _ => I64,
    }
}

/// Which side of the component boundary a core signature belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// `canon lift`: a core export, called by the host or another component.
    Lift,
    /// `canon lower`: a core import, through which a guest calls out.
    Lower,
}

/// A core function signature derived from a component function type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CoreSignature {
    /// Which side of the boundary this is.
    pub direction: Direction,
    /// The core parameter types.
    pub params: Vec<CoreType>,
    /// The core result types.
    pub results: Vec<CoreType>,
    /// How many flat values the parameters would take.
    pub flat_param_count: usize,
    /// How many flat values the result would take.
    pub flat_result_count: usize,
    /// Whether the parameters are stored in memory and passed as one pointer.
    pub params_in_memory: bool,
    /// Whether the result goes through memory: returned as a pointer (lift) or written to a
    /// buffer the caller passes as the last parameter (lower).
    pub result_in_memory: bool,
    /// Why the parameters are passed the way they are, in words.
    pub params_reason: String,
    /// Why the result is passed the way it is, in words.
    pub result_reason: String,
}

impl CoreSignature {
    /// The core signature of `func` on the `direction` side.
    pub fn of(resolve: &Resolve, func: &Function, direction: Direction) -> CoreSignature {
        let flat_params: Vec<CoreType> = func
            .params
            .iter()
            .flat_map(|p| flatten(resolve, &p.ty))
            .collect();
        let flat_results = func
            .result
            .as_ref()
            .map_or_else(Vec::new, |ty| flatten(resolve, ty));
        let params_in_memory = flat_params.len() > MAX_FLAT_PARAMS;
        let result_in_memory = flat_results.len() > MAX_FLAT_RESULTS;
        let n = flat_params.len();
        let params_reason = if params_in_memory {
            let who = match direction {
                Direction::Lift => {
                    "the caller allocates a tuple of them in the callee's memory with \
                     `cabi_realloc`, stores them there"
                }
                Direction::Lower => "the guest stores them as a tuple in its own memory",
            };
            format!(
                "{n} flat parameters are more than MAX_FLAT_PARAMS = {MAX_FLAT_PARAMS}: {who} \
                 and passes one i32 pointer"
            )
        } else {
            format!(
                "{n} flat parameter{} fit{} in MAX_FLAT_PARAMS = {MAX_FLAT_PARAMS}: passed as \
                 core parameters",
                plural(n),
                if n == 1 { "s" } else { "" }
            )
        };
        let m = flat_results.len();
        let result_reason = if result_in_memory {
            let how = match direction {
                Direction::Lift => {
                    "the callee stores the result in its memory and returns an i32 pointer to it"
                }
                Direction::Lower => {
                    "the caller passes an i32 pointer to a buffer as the last parameter and the \
                     callee writes the result there"
                }
            };
            format!(
                "the result flattens to {m} values, more than MAX_FLAT_RESULTS = \
                 {MAX_FLAT_RESULTS}: {how}"
            )
        } else if m == 0 {
            "no result".to_string()
        } else {
            format!("the result flattens to {m} value, returned as a core result")
        };
        let mut params = if params_in_memory {
            vec![CoreType::I32]
        } else {
            flat_params.clone()
        };
        let mut results = if result_in_memory {
            Vec::new()
        } else {
            flat_results.clone()
        };
        if result_in_memory {
            match direction {
                Direction::Lift => results.push(CoreType::I32),
                Direction::Lower => params.push(CoreType::I32),
            }
        }
        CoreSignature {
            direction,
            params,
            results,
            flat_param_count: n,
            flat_result_count: m,
            params_in_memory,
            result_in_memory,
            params_reason,
            result_reason,
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
