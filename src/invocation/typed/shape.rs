//! A parameter type, read once into the form the parser walks.
//!
//! Asking a `wasmtime::component::Type` for a list's element or a record's fields builds
//! new `Type` values each time; a million-element list would do that a million times. A
//! `Shape` does it once per call, with the names the values will carry.

use wasmtime::component::{ResourceType, Type};

/// How deep a shape is built. Values nest at most 100 levels (wasm-wave's limit) and each
/// level can wrap at most one `option` or `result` around a plain payload, so nothing
/// deeper can be written; a deeper type is marked [`Shape::Unwritable`] and rejected.
const MAX_DEPTH: usize = 256;

/// A type as the parser needs it.
pub(super) enum Shape {
    Bool,
    S8,
    U8,
    S16,
    U16,
    S32,
    U32,
    S64,
    U64,
    F32,
    F64,
    Char,
    String,
    List(Box<Shape>),
    FixedList(Box<Shape>, usize),
    Map(Box<Shape>, Box<Shape>),
    /// Field names and shapes, in type order.
    Record(Vec<(Box<str>, Shape)>),
    Tuple(Vec<Shape>),
    /// Case names and payload shapes.
    Variant(Vec<(Box<str>, Option<Shape>)>),
    Enum(Vec<Box<str>>),
    Option(Box<Shape>),
    Result(Option<Box<Shape>>, Option<Box<Shape>>),
    Flags(Vec<Box<str>>),
    /// A handle to a resource of this type; `true` when owned.
    Handle(ResourceType, bool),
    /// Types no call can write (futures, streams, error contexts) or nested beyond reach.
    Unwritable,
}

impl Shape {
    /// The shape of `ty`.
    pub fn of(ty: &Type) -> Shape {
        Shape::build(ty, 0)
    }

    fn build(ty: &Type, depth: usize) -> Shape {
        if depth > MAX_DEPTH {
            return Shape::Unwritable;
        }
        let inner = |ty: &Type| Box::new(Shape::build(ty, depth + 1));
        let name = |name: &str| Box::<str>::from(name);
        match ty {
            Type::Bool => Shape::Bool,
            Type::S8 => Shape::S8,
            Type::U8 => Shape::U8,
            Type::S16 => Shape::S16,
            Type::U16 => Shape::U16,
            Type::S32 => Shape::S32,
            Type::U32 => Shape::U32,
            Type::S64 => Shape::S64,
            Type::U64 => Shape::U64,
            Type::Float32 => Shape::F32,
            Type::Float64 => Shape::F64,
            Type::Char => Shape::Char,
            Type::String => Shape::String,
            Type::List(list) => Shape::List(inner(&list.ty())),
            Type::FixedLengthList(list) => match usize::try_from(list.len()) {
                Ok(len) => Shape::FixedList(inner(&list.ty()), len),
                Err(_) => Shape::Unwritable,
            },
            Type::Map(map) => Shape::Map(inner(&map.key()), inner(&map.value())),
            Type::Record(record) => Shape::Record(
                record
                    .fields()
                    .map(|f| (name(f.name), Shape::build(&f.ty, depth + 1)))
                    .collect(),
            ),
            Type::Tuple(tuple) => {
                Shape::Tuple(tuple.types().map(|t| Shape::build(&t, depth + 1)).collect())
            }
            Type::Variant(variant) => Shape::Variant(
                variant
                    .cases()
                    .map(|c| (name(c.name), c.ty.map(|t| Shape::build(&t, depth + 1))))
                    .collect(),
            ),
            Type::Enum(e) => Shape::Enum(e.names().map(name).collect()),
            Type::Option(option) => Shape::Option(inner(&option.ty())),
            Type::Result(result) => Shape::Result(
                result.ok().map(|t| inner(&t)),
                result.err().map(|t| inner(&t)),
            ),
            Type::Flags(flags) => Shape::Flags(flags.names().map(name).collect()),
            Type::Own(resource) => Shape::Handle(*resource, true),
            Type::Borrow(resource) => Shape::Handle(*resource, false),
            Type::Future(_) | Type::Stream(_) | Type::ErrorContext => Shape::Unwritable,
        }
    }

    /// Whether a plain value may stand for `some(value)` / `ok(value)` of this payload.
    pub fn flattenable(&self) -> bool {
        !matches!(self, Shape::Option(_) | Shape::Result(..))
    }
}
