//! Short, readable names for types and untyped values, for error messages.

use wasmtime::component::Type;

/// Names resource types and, where known, the WIT names of other types.
pub trait ResourceNames {
    /// The WIT name of a resource type, if known.
    fn resource_name(&self, ty: &wasmtime::component::ResourceType) -> Option<&str>;

    /// The WIT name a type was declared under, if known.
    fn type_name(&self, _ty: &Type) -> Option<&str> {
        None
    }
}

const MAX_LEN: usize = 72;

/// The type in WIT syntax: its WIT name when it has one, else its structure, shortened with
/// `…` when long.
pub fn describe_type(ty: &Type, names: &dyn ResourceNames) -> String {
    if let Some(name) = names.type_name(ty) {
        return name.to_string();
    }
    describe_structure(ty, names)
}

/// The type's structure one level deep, with WIT names for what it contains.
pub fn describe_structure(ty: &Type, names: &dyn ResourceNames) -> String {
    let full = write_type(ty, names, 3);
    if full.len() <= MAX_LEN {
        full
    } else {
        write_type(ty, names, 1)
    }
}

fn write_type(ty: &Type, names: &dyn ResourceNames, depth: usize) -> String {
    let inner = |t: &Type| {
        if let Some(name) = names.type_name(t) {
            name.to_string()
        } else if depth == 0 {
            "…".to_string()
        } else {
            write_type(t, names, depth - 1)
        }
    };
    let resource = |r| names.resource_name(r).unwrap_or("resource").to_string();
    match ty {
        Type::Bool => "bool".into(),
        Type::S8 => "s8".into(),
        Type::U8 => "u8".into(),
        Type::S16 => "s16".into(),
        Type::U16 => "u16".into(),
        Type::S32 => "s32".into(),
        Type::U32 => "u32".into(),
        Type::S64 => "s64".into(),
        Type::U64 => "u64".into(),
        Type::Float32 => "f32".into(),
        Type::Float64 => "f64".into(),
        Type::Char => "char".into(),
        Type::String => "string".into(),
        Type::List(l) => format!("list<{}>", inner(&l.ty())),
        Type::FixedLengthList(l) => format!("list<{}, {}>", inner(&l.ty()), l.len()),
        Type::Map(m) => format!("map<{}, {}>", inner(&m.key()), inner(&m.value())),
        Type::Record(r) => {
            let fields: Vec<String> = r
                .fields()
                .map(|f| format!("{}: {}", f.name, inner(&f.ty)))
                .collect();
            format!("record {{ {} }}", fields.join(", "))
        }
        Type::Tuple(t) => {
            let types: Vec<String> = t.types().map(|t| inner(&t)).collect();
            format!("tuple<{}>", types.join(", "))
        }
        Type::Variant(v) => {
            let cases: Vec<String> = v
                .cases()
                .map(|c| match &c.ty {
                    Some(t) => format!("{}({})", c.name, inner(t)),
                    None => c.name.to_string(),
                })
                .collect();
            format!("variant {{ {} }}", cases.join(", "))
        }
        Type::Enum(e) => format!("enum {{ {} }}", e.names().collect::<Vec<_>>().join(", ")),
        Type::Flags(f) => format!("flags {{ {} }}", f.names().collect::<Vec<_>>().join(", ")),
        Type::Option(o) => format!("option<{}>", inner(&o.ty())),
        Type::Result(r) => match (r.ok(), r.err()) {
            (None, None) => "result".into(),
            (Some(ok), None) => format!("result<{}>", inner(&ok)),
            (None, Some(err)) => format!("result<_, {}>", inner(&err)),
            (Some(ok), Some(err)) => format!("result<{}, {}>", inner(&ok), inner(&err)),
        },
        Type::Own(r) => resource(r),
        Type::Borrow(r) => format!("borrow<{}>", resource(r)),
        Type::Future(_) => "future".into(),
        Type::Stream(_) => "stream".into(),
        Type::ErrorContext => "error-context".into(),
    }
}
