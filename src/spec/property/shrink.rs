//! Shrinking a failing case: simpler values of the same type, tried one at a time, simplest
//! first, until none of them fails any more. What is simpler: numbers nearer 0, shorter
//! strings and lists, `a` for a character, `none`, earlier variant and enum cases, fewer
//! flags.

use wasmtime::component::{Type, Val};

use super::generate::simplest;

/// Shrinks `args` while `fails` holds, trying at most `max_tries` candidates; returns the
/// smallest failing arguments found and how many steps made them smaller.
pub(super) fn shrink(
    args: Vec<Val>,
    types: &[Type],
    max_tries: usize,
    mut fails: impl FnMut(&[Val]) -> bool,
) -> (Vec<Val>, usize) {
    let mut current = args;
    let mut tries = 0;
    let mut steps = 0;
    'smaller: loop {
        for i in 0..current.len() {
            for candidate in candidates(&current[i], &types[i]) {
                if tries == max_tries {
                    break 'smaller;
                }
                tries += 1;
                let mut trial = current.clone();
                trial[i] = candidate;
                if fails(&trial) {
                    current = trial;
                    steps += 1;
                    continue 'smaller;
                }
            }
        }
        break;
    }
    (current, steps)
}

/// Simpler values than `val`, simplest first.
pub(super) fn candidates(val: &Val, ty: &Type) -> Vec<Val> {
    match (val, ty) {
        (Val::Bool(true), _) => vec![Val::Bool(false)],
        (Val::S8(x), _) => int(i128::from(*x), |v| Val::S8(v as i8)),
        (Val::U8(x), _) => int(i128::from(*x), |v| Val::U8(v as u8)),
        (Val::S16(x), _) => int(i128::from(*x), |v| Val::S16(v as i16)),
        (Val::U16(x), _) => int(i128::from(*x), |v| Val::U16(v as u16)),
        (Val::S32(x), _) => int(i128::from(*x), |v| Val::S32(v as i32)),
        (Val::U32(x), _) => int(i128::from(*x), |v| Val::U32(v as u32)),
        (Val::S64(x), _) => int(i128::from(*x), |v| Val::S64(v as i64)),
        (Val::U64(x), _) => int(i128::from(*x), |v| Val::U64(v as u64)),
        (Val::Float32(x), _) => float(f64::from(*x))
            .into_iter()
            .map(|v| Val::Float32(v as f32))
            .collect(),
        (Val::Float64(x), _) => float(*x).into_iter().map(Val::Float64).collect(),
        (Val::Char(c), _) => char_candidates(*c).into_iter().map(Val::Char).collect(),
        (Val::String(s), _) => {
            let chars: Vec<char> = s.chars().collect();
            let mut out: Vec<Val> = shorter(&chars)
                .into_iter()
                .map(|c| Val::String(c.into_iter().collect()))
                .collect();
            for (i, c) in chars.iter().enumerate() {
                for simpler in char_candidates(*c) {
                    let mut next = chars.clone();
                    next[i] = simpler;
                    out.push(Val::String(next.into_iter().collect()));
                }
            }
            out
        }
        (Val::List(items), Type::List(list)) => {
            let mut out: Vec<Val> = shorter(items).into_iter().map(Val::List).collect();
            out.extend(each(items, &list.ty()).into_iter().map(Val::List));
            out
        }
        (Val::FixedLengthList(items), Type::FixedLengthList(list)) => each(items, &list.ty())
            .into_iter()
            .map(Val::FixedLengthList)
            .collect(),
        (Val::Map(pairs), Type::Map(map)) => {
            let mut out: Vec<Val> = shorter(pairs).into_iter().map(Val::Map).collect();
            let values: Vec<Val> = pairs.iter().map(|(_, v)| v.clone()).collect();
            for next in each(&values, &map.value()) {
                let keys = pairs.iter().map(|(k, _)| k.clone());
                out.push(Val::Map(keys.zip(next).collect()));
            }
            out
        }
        (Val::Record(fields), Type::Record(record)) => {
            let types: Vec<Type> = record.fields().map(|f| f.ty).collect();
            let values: Vec<Val> = fields.iter().map(|(_, v)| v.clone()).collect();
            each_typed(&values, &types)
                .into_iter()
                .map(|next| {
                    let names = fields.iter().map(|(n, _)| n.clone());
                    Val::Record(names.zip(next).collect())
                })
                .collect()
        }
        (Val::Tuple(items), Type::Tuple(tuple)) => {
            let types: Vec<Type> = tuple.types().collect();
            each_typed(items, &types)
                .into_iter()
                .map(Val::Tuple)
                .collect()
        }
        (Val::Variant(name, payload), Type::Variant(variant)) => {
            let cases: Vec<_> = variant
                .cases()
                .map(|c| (c.name.to_string(), c.ty))
                .collect();
            let at = cases.iter().position(|(n, _)| n == name).unwrap_or(0);
            let mut out: Vec<Val> = cases[..at]
                .iter()
                .map(|(n, t)| Val::Variant(n.clone(), t.as_ref().map(|t| Box::new(simplest(t)))))
                .collect();
            if let (Some(payload), Some(ty)) = (payload, &cases[at].1) {
                out.extend(
                    candidates(payload, ty)
                        .into_iter()
                        .map(|p| Val::Variant(name.clone(), Some(Box::new(p)))),
                );
            }
            out
        }
        (Val::Enum(name), Type::Enum(e)) => e
            .names()
            .take_while(|n| n != name)
            .map(|n| Val::Enum(n.to_string()))
            .collect(),
        (Val::Option(Some(inner)), Type::Option(option)) => {
            let mut out = vec![Val::Option(None)];
            out.extend(
                candidates(inner, &option.ty())
                    .into_iter()
                    .map(|v| Val::Option(Some(Box::new(v)))),
            );
            out
        }
        (Val::Result(result), Type::Result(ty)) => {
            let mut out = Vec::new();
            let (payload, payload_ty, wrap): (_, _, Wrap) = match result {
                Ok(p) => (p, ty.ok(), |p| Val::Result(Ok(p))),
                Err(p) => {
                    out.push(Val::Result(Ok(ty.ok().map(|t| Box::new(simplest(&t))))));
                    (p, ty.err(), |p| Val::Result(Err(p)))
                }
            };
            if let (Some(payload), Some(t)) = (payload, payload_ty) {
                out.extend(
                    candidates(payload, &t)
                        .into_iter()
                        .map(|p| wrap(Some(Box::new(p)))),
                );
            }
            out
        }
        (Val::Flags(set), _) => (0..set.len())
            .map(|i| {
                let mut next = set.clone();
                next.remove(i);
                Val::Flags(next)
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Puts a payload back into its `ok` or `err`.
type Wrap = fn(Option<Box<Val>>) -> Val;

/// Integers nearer zero, nearest to zero first: 0, then `x` minus halves of the distance,
/// so a threshold is found exactly (a binary search from both sides); a negative number
/// also tries its absolute value.
fn int(x: i128, make: impl Fn(i128) -> Val) -> Vec<Val> {
    let mut out = Vec::new();
    if x == 0 {
        return out;
    }
    out.push(make(0));
    if x < 0 && -x <= i128::from(i64::MAX) && make(-x) != make(x) {
        out.push(make(-x));
    }
    let mut distance = x / 2;
    while distance != 0 {
        out.push(make(x - distance));
        distance /= 2;
    }
    // A step of one: the last value before a threshold.
    if x.abs() > 1 {
        out.push(make(x - x.signum()));
    }
    out.dedup();
    out
}

fn float(x: f64) -> Vec<f64> {
    if x == 0.0 && x.is_sign_positive() {
        return Vec::new();
    }
    let mut out = vec![0.0];
    if x.is_finite() {
        for simpler in [x.trunc(), (x / 2.0).trunc(), x.abs()] {
            if simpler != x && !out.contains(&simpler) {
                out.push(simpler);
            }
        }
    } else {
        out.push(1.0);
    }
    out
}

fn char_candidates(c: char) -> Vec<char> {
    match c {
        'a' => Vec::new(),
        'b'..='z' | 'A'..='Z' | '0'..='9' | ' ' => vec!['a'],
        _ => vec!['a', '0', ' '],
    }
}

/// Shorter sequences: halves removed, then quarters… down to single items, each at every
/// place.
fn shorter<T: Clone>(items: &[T]) -> Vec<Vec<T>> {
    let mut out = Vec::new();
    if items.is_empty() {
        return out;
    }
    out.push(Vec::new());
    let mut chunk = items.len() / 2;
    while chunk > 0 {
        let mut start = 0;
        while start + chunk <= items.len() {
            let mut next = items[..start].to_vec();
            next.extend_from_slice(&items[start + chunk..]);
            out.push(next);
            start += chunk;
        }
        chunk /= 2;
    }
    out
}

/// The sequence with one item made simpler, for every item and every simpler value of it.
fn each(items: &[Val], ty: &Type) -> Vec<Vec<Val>> {
    let types = vec![ty.clone(); items.len()];
    each_typed(items, &types)
}

fn each_typed(items: &[Val], types: &[Type]) -> Vec<Vec<Val>> {
    let mut out = Vec::new();
    for (i, (item, ty)) in items.iter().zip(types).enumerate() {
        for simpler in candidates(item, ty) {
            let mut next = items.to_vec();
            next[i] = simpler;
            out.push(next);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_shrink_to_a_threshold() {
        // A bug from 1000 up: the binary search ends on 1000 exactly.
        let fails = |v: &Val| matches!(v, Val::U32(x) if *x >= 1000);
        let mut x = Val::U32(4_000_000_000);
        'outer: loop {
            for c in int(
                i128::from(match x {
                    Val::U32(x) => x,
                    _ => unreachable!(),
                }),
                |v| Val::U32(v as u32),
            ) {
                if fails(&c) {
                    x = c;
                    continue 'outer;
                }
            }
            break;
        }
        assert_eq!(x, Val::U32(1000));
    }

    #[test]
    fn negative_numbers_try_their_absolute_value() {
        let c = int(-5, |v| Val::S8(v as i8));
        assert_eq!(c[0], Val::S8(0));
        assert_eq!(c[1], Val::S8(5));
        // The extreme has no positive twin in its type: it is not offered wrapped round.
        let c = int(i128::from(i8::MIN), |v| Val::S8(v as i8));
        assert!(!c.contains(&Val::S8(i8::MIN)), "{c:?}");
    }

    #[test]
    fn shorter_sequences_come_first() {
        let s = shorter(&[1, 2, 3, 4]);
        assert_eq!(s[0], Vec::<i32>::new());
        assert_eq!(s[1], vec![3, 4]);
        assert!(s.contains(&vec![1, 2, 4]));
    }

    #[test]
    fn floats_shrink_to_simple_numbers() {
        assert_eq!(float(f64::NAN), vec![0.0, 1.0]);
        assert_eq!(float(0.0), Vec::<f64>::new());
        assert_eq!(float(-0.0), vec![0.0]);
        assert_eq!(float(2.5), vec![0.0, 2.0, 1.0]);
        assert_eq!(float(-3.0), vec![0.0, -1.0, 3.0]);
    }
}
