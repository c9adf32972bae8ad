//! Sizes, alignments and the inner layout of types in linear memory (32-bit memories).

use serde::Serialize;
use wit_parser::{Handle, Resolve, Type, TypeDefKind};

use super::{CoreType, StringEncoding, flatten};

/// The layout of a type: how many bytes it takes in linear memory, where its parts go, and
/// which core values it flattens into.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TypeLayout {
    /// The type as WIT writes it (the name of a named type).
    pub wit: String,
    /// Size in bytes, padding included, so that elements of a list follow each other.
    pub size: u32,
    /// Alignment in bytes: the address of a value is a multiple of it.
    pub align: u32,
    /// The core values the type flattens into when passed as a parameter or result.
    pub flat: Vec<CoreType>,
    /// What is inside.
    #[serde(flatten)]
    pub shape: Shape,
}

/// The inner structure of a [`TypeLayout`].
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Shape {
    /// `bool`, an integer or a float: stored little-endian in `size` bytes.
    Scalar,
    /// A Unicode scalar value, stored and passed as its code point (`u32`).
    Char,
    /// A pointer and a length (in code units of `encoding`), 4 bytes each.
    String {
        /// The string encoding the length counts in.
        encoding: StringEncoding,
    },
    /// Named fields one after the other, each at the next offset aligned to its type.
    Record {
        /// The fields in order.
        fields: Vec<Field>,
    },
    /// Like a record with fields named `0`, `1`, ….
    Tuple {
        /// The elements in order.
        fields: Vec<Field>,
    },
    /// A discriminant followed by the payload of the case it selects (variants, enums,
    /// options and results).
    Variant {
        /// Bytes of the discriminant: 1 up to 256 cases, 2 up to 65,536, else 4.
        discriminant_size: u32,
        /// Offset of every payload: after the discriminant, aligned to the largest payload
        /// alignment.
        payload_offset: u32,
        /// The cases in order; a case's index is its discriminant.
        cases: Vec<Case>,
    },
    /// One bit per flag, packed into a `u8`, a `u16` or as many `u32`s as needed.
    Flags {
        /// Every flag with its bit.
        flags: Vec<FlagBit>,
    },
    /// A pointer to the elements and their count, 4 bytes each.
    List {
        /// The layout of one element; elements are `element.size` bytes apart.
        element: Box<TypeLayout>,
    },
    /// `length` elements stored in place, like a tuple of one type.
    FixedList {
        /// The number of elements.
        length: u32,
        /// The layout of one element.
        element: Box<TypeLayout>,
    },
    /// A pointer and a count of key-value entries, laid out as `list<tuple<K, V>>`.
    Map {
        /// The key type.
        key: Box<TypeLayout>,
        /// The value type.
        value: Box<TypeLayout>,
        /// Offset of the value within an entry.
        value_offset: u32,
        /// Size of one entry.
        entry_size: u32,
    },
    /// A handle (`own`, `borrow`), `future`, `stream` or `error-context`: an `i32` index into
    /// a table of the instance, assigned when the value is lowered.
    Handle,
    /// A resource type itself (not a handle to it): it has no values of its own, so nothing
    /// of it is ever stored or passed; size 0, no flat values.
    Resource,
}

/// A field of a record or tuple.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Field {
    /// The field name (`0`, `1`, … in tuples).
    pub name: String,
    /// Offset from the start of the record.
    pub offset: u32,
    /// The field's own layout.
    pub layout: TypeLayout,
}

/// A case of a variant, enum, option or result.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Case {
    /// The case name (`none`/`some` for options, `ok`/`err` for results).
    pub name: String,
    /// The discriminant value that selects it.
    pub discriminant: u32,
    /// The payload's layout, if the case has one.
    pub payload: Option<TypeLayout>,
}

/// Where a flag's bit lives.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FlagBit {
    /// The flag name.
    pub name: String,
    /// The byte in memory holding the bit (offset from the start of the flags value).
    pub byte: u32,
    /// The bit within that byte, 0 being the least significant.
    pub byte_bit: u32,
    /// Which flat `i32` holds the bit.
    pub flat_index: u32,
    /// The bit within that `i32`.
    pub flat_bit: u32,
}

/// `ty` with its aliases (`type b = u8`, a `use`d type) resolved: what the type is,
/// whatever name it was spelled with. Every match on a type's structure goes through this
/// (or [`kind`]), so that `b` and `u8` are one type.
pub(crate) fn dealias(resolve: &Resolve, ty: &Type) -> Type {
    let mut ty = *ty;
    while let Type::Id(id) = ty
        && let TypeDefKind::Type(inner) = &resolve.types[id].kind
    {
        ty = *inner;
    }
    ty
}

/// The definition `ty` names once its aliases are resolved; `None` for a primitive.
pub(crate) fn kind<'r>(resolve: &'r Resolve, ty: &Type) -> Option<&'r TypeDefKind> {
    match dealias(resolve, ty) {
        Type::Id(id) => Some(&resolve.types[id].kind),
        _ => None,
    }
}

pub(crate) fn align_to(n: u32, align: u32) -> u32 {
    n.div_ceil(align) * align
}

/// The size of a discriminant for `cases` cases.
pub(crate) fn discriminant_size(cases: usize) -> u32 {
    match cases {
        0..=0x100 => 1,
        0x101..=0x1_0000 => 2,
        _ => 4,
    }
}

/// How many `u32` words a flags type with `n` flags needs in memory and when flattened.
pub(crate) fn flag_words(n: usize) -> u32 {
    n.div_ceil(32) as u32
}

fn flags_size_align(n: usize) -> (u32, u32) {
    match n {
        1..=8 => (1, 1),
        9..=16 => (2, 2),
        // Zero flags never pass validation; wit-parser gives them an empty `u32` array.
        _ => (4 * flag_words(n), 4),
    }
}

/// The size and alignment of `ty` in bytes.
pub fn size_align(resolve: &Resolve, ty: &Type) -> (u32, u32) {
    match ty {
        Type::Bool | Type::U8 | Type::S8 => (1, 1),
        Type::U16 | Type::S16 => (2, 2),
        Type::U32 | Type::S32 | Type::F32 | Type::Char | Type::ErrorContext => (4, 4),
        Type::U64 | Type::S64 | Type::F64 => (8, 8),
        Type::String => (8, 4),
        Type::Id(id) => match &resolve.types[*id].kind {
            TypeDefKind::Type(t) => size_align(resolve, t),
            TypeDefKind::Record(r) => record_size_align(resolve, r.fields.iter().map(|f| &f.ty)),
            TypeDefKind::Tuple(t) => record_size_align(resolve, t.types.iter()),
            TypeDefKind::Flags(f) => flags_size_align(f.flags.len()),
            TypeDefKind::Variant(v) => variant_size_align(
                resolve,
                v.cases.len(),
                v.cases.iter().map(|c| c.ty.as_ref()),
            ),
            TypeDefKind::Enum(e) => variant_size_align(resolve, e.cases.len(), []),
            TypeDefKind::Option(t) => variant_size_align(resolve, 2, [Some(t)]),
            TypeDefKind::Result(r) => {
                variant_size_align(resolve, 2, [r.ok.as_ref(), r.err.as_ref()])
            }
            TypeDefKind::List(_) | TypeDefKind::Map(..) => (8, 4),
            TypeDefKind::FixedLengthList(t, n) => {
                let (size, align) = size_align(resolve, t);
                (size * n, align)
            }
            TypeDefKind::Handle(_) | TypeDefKind::Future(_) | TypeDefKind::Stream(_) => (4, 4),
            // A resource type itself has no values, only handles to it (which take 4 bytes):
            // nothing is ever stored, so it takes no room.
            TypeDefKind::Resource | TypeDefKind::Unknown => (0, 1),
        },
    }
}

/// Offsets of consecutive fields, and the size and alignment of the whole.
pub(crate) fn record_offsets<'a>(
    resolve: &Resolve,
    types: impl IntoIterator<Item = &'a Type>,
) -> (Vec<u32>, u32, u32) {
    let mut offsets = Vec::new();
    let mut end = 0;
    let mut align = 1;
    for ty in types {
        let (s, a) = size_align(resolve, ty);
        let offset = align_to(end, a);
        offsets.push(offset);
        end = offset + s;
        align = align.max(a);
    }
    (offsets, align_to(end, align), align)
}

fn record_size_align<'a>(
    resolve: &Resolve,
    types: impl IntoIterator<Item = &'a Type>,
) -> (u32, u32) {
    let (_, size, align) = record_offsets(resolve, types);
    (size, align)
}

/// The payload offset, size and alignment of a variant.
pub(crate) fn variant_parts<'a>(
    resolve: &Resolve,
    cases: usize,
    payloads: impl IntoIterator<Item = Option<&'a Type>>,
) -> (u32, u32, u32) {
    let disc = discriminant_size(cases);
    let mut payload_size = 0;
    let mut payload_align = 1;
    for ty in payloads.into_iter().flatten() {
        let (s, a) = size_align(resolve, ty);
        payload_size = payload_size.max(s);
        payload_align = payload_align.max(a);
    }
    let align = disc.max(payload_align);
    let payload_offset = align_to(disc, payload_align);
    (
        payload_offset,
        align_to(payload_offset + payload_size, align),
        align,
    )
}

fn variant_size_align<'a>(
    resolve: &Resolve,
    cases: usize,
    payloads: impl IntoIterator<Item = Option<&'a Type>>,
) -> (u32, u32) {
    let (_, size, align) = variant_parts(resolve, cases, payloads);
    (size, align)
}

/// `ty` as WIT writes it: the name of a named type, the structure of an anonymous one.
pub fn wit_name(resolve: &Resolve, ty: &Type) -> String {
    let id = match ty {
        Type::Bool => return "bool".into(),
        Type::U8 => return "u8".into(),
        Type::U16 => return "u16".into(),
        Type::U32 => return "u32".into(),
        Type::U64 => return "u64".into(),
        Type::S8 => return "s8".into(),
        Type::S16 => return "s16".into(),
        Type::S32 => return "s32".into(),
        Type::S64 => return "s64".into(),
        Type::F32 => return "f32".into(),
        Type::F64 => return "f64".into(),
        Type::Char => return "char".into(),
        Type::String => return "string".into(),
        Type::ErrorContext => return "error-context".into(),
        Type::Id(id) => *id,
    };
    let def = &resolve.types[id];
    if let Some(name) = &def.name {
        return name.clone();
    }
    let name = |t: &Type| wit_name(resolve, t);
    let opt = |t: &Option<Type>| t.as_ref().map_or("_".to_string(), name);
    match &def.kind {
        TypeDefKind::Type(t) => name(t),
        TypeDefKind::Tuple(t) => {
            let parts: Vec<_> = t.types.iter().map(name).collect();
            format!("tuple<{}>", parts.join(", "))
        }
        TypeDefKind::Option(t) => format!("option<{}>", name(t)),
        TypeDefKind::Result(r) => match (&r.ok, &r.err) {
            (None, None) => "result".into(),
            (Some(ok), None) => format!("result<{}>", name(ok)),
            (ok, Some(err)) => format!("result<{}, {}>", opt(ok), name(err)),
        },
        TypeDefKind::List(t) => format!("list<{}>", name(t)),
        TypeDefKind::FixedLengthList(t, n) => format!("list<{}, {n}>", name(t)),
        TypeDefKind::Map(k, v) => format!("map<{}, {}>", name(k), name(v)),
        TypeDefKind::Handle(Handle::Own(r)) => name(&Type::Id(*r)),
        TypeDefKind::Handle(Handle::Borrow(r)) => format!("borrow<{}>", name(&Type::Id(*r))),
        TypeDefKind::Future(t) => t
            .as_ref()
            .map_or("future".into(), |t| format!("future<{}>", name(t))),
        TypeDefKind::Stream(t) => t
            .as_ref()
            .map_or("stream".into(), |t| format!("stream<{}>", name(t))),
        other => other.as_str().to_string(),
    }
}

/// The full layout of `ty`, down to every field, case and flag.
pub fn type_layout(resolve: &Resolve, ty: &Type, encoding: StringEncoding) -> TypeLayout {
    let (size, align) = size_align(resolve, ty);
    let describe = |t: &Type| type_layout(resolve, t, encoding);
    let fields = |names: Vec<String>, types: Vec<&Type>| {
        let (offsets, _, _) = record_offsets(resolve, types.iter().copied());
        names
            .into_iter()
            .zip(types)
            .zip(offsets)
            .map(|((name, t), offset)| Field {
                name,
                offset,
                layout: describe(t),
            })
            .collect()
    };
    let variant = |cases: Vec<(String, Option<&Type>)>| {
        let (payload_offset, _, _) =
            variant_parts(resolve, cases.len(), cases.iter().map(|(_, t)| *t));
        Shape::Variant {
            discriminant_size: discriminant_size(cases.len()),
            payload_offset,
            cases: cases
                .into_iter()
                .zip(0..)
                .map(|((name, t), discriminant)| Case {
                    name,
                    discriminant,
                    payload: t.map(describe),
                })
                .collect(),
        }
    };
    let shape = match ty {
        Type::Char => Shape::Char,
        Type::String => Shape::String { encoding },
        Type::ErrorContext => Shape::Handle,
        Type::Id(id) => match &resolve.types[*id].kind {
            TypeDefKind::Type(t) => describe(t).shape,
            TypeDefKind::Record(r) => Shape::Record {
                fields: fields(
                    r.fields.iter().map(|f| f.name.clone()).collect(),
                    r.fields.iter().map(|f| &f.ty).collect(),
                ),
            },
            TypeDefKind::Tuple(t) => Shape::Tuple {
                fields: fields(
                    (0..t.types.len()).map(|i| i.to_string()).collect(),
                    t.types.iter().collect(),
                ),
            },
            TypeDefKind::Variant(v) => variant(
                v.cases
                    .iter()
                    .map(|c| (c.name.clone(), c.ty.as_ref()))
                    .collect(),
            ),
            TypeDefKind::Enum(e) => {
                variant(e.cases.iter().map(|c| (c.name.clone(), None)).collect())
            }
            TypeDefKind::Option(t) => {
                variant(vec![("none".into(), None), ("some".into(), Some(t))])
            }
            TypeDefKind::Result(r) => variant(vec![
                ("ok".into(), r.ok.as_ref()),
                ("err".into(), r.err.as_ref()),
            ]),
            TypeDefKind::Flags(f) => Shape::Flags {
                flags: f
                    .flags
                    .iter()
                    .zip(0u32..)
                    .map(|(flag, i)| FlagBit {
                        name: flag.name.clone(),
                        byte: i / 8,
                        byte_bit: i % 8,
                        flat_index: i / 32,
                        flat_bit: i % 32,
                    })
                    .collect(),
            },
            TypeDefKind::List(t) => Shape::List {
                element: Box::new(describe(t)),
            },
            TypeDefKind::FixedLengthList(t, n) => Shape::FixedList {
                length: *n,
                element: Box::new(describe(t)),
            },
            TypeDefKind::Map(k, v) => {
                let (offsets, entry_size, _) = record_offsets(resolve, [k, v]);
                Shape::Map {
                    key: Box::new(describe(k)),
                    value: Box::new(describe(v)),
                    value_offset: offsets[1],
                    entry_size,
                }
            }
            TypeDefKind::Handle(_) | TypeDefKind::Future(_) | TypeDefKind::Stream(_) => {
                Shape::Handle
            }
            TypeDefKind::Resource | TypeDefKind::Unknown => Shape::Resource,
        },
        _ => Shape::Scalar,
    };
    TypeLayout {
        wit: wit_name(resolve, ty),
        size,
        align,
        flat: flatten(resolve, ty),
        shape,
    }
}
