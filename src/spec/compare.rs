//! Comparing results as typed values, not as text.
//!
//! Floats compare exactly unless a tolerance is given (then `|expected - actual| <=
//! tolerance`), and `nan` equals `nan` whatever its payload; `0.0` equals `-0.0`. Flags
//! compare as sets. Everything else compares structurally.

use wasmtime::component::Val;

/// Compares `actual` with `expected`; on a difference, returns where it is: empty for the
/// whole value, else a path such as `.radius`, `[2]`, `.ok` or `.some`.
pub fn compare(expected: &Val, actual: &Val, tolerance: Option<f64>) -> Result<(), String> {
    let mut path = String::new();
    if walk(expected, actual, tolerance, &mut path) {
        Ok(())
    } else {
        Err(path)
    }
}

fn floats(e: f64, a: f64, tolerance: Option<f64>) -> bool {
    if e.is_nan() || a.is_nan() {
        return e.is_nan() && a.is_nan();
    }
    match tolerance {
        // Infinities only equal themselves: their difference is nan or infinite.
        Some(t) if e.is_finite() && a.is_finite() => (e - a).abs() <= t,
        _ => e == a,
    }
}

/// Whether the values are equal; on a difference `path` is left pointing at it.
fn walk(expected: &Val, actual: &Val, tolerance: Option<f64>, path: &mut String) -> bool {
    let len = path.len();
    let mut step = |label: &str, e: &Val, a: &Val, path: &mut String| {
        path.push_str(label);
        let same = walk(e, a, tolerance, path);
        if same {
            path.truncate(len);
        }
        same
    };
    match (expected, actual) {
        (Val::Float32(e), Val::Float32(a)) => floats(f64::from(*e), f64::from(*a), tolerance),
        (Val::Float64(e), Val::Float64(a)) => floats(*e, *a, tolerance),
        (Val::List(e), Val::List(a))
        | (Val::FixedLengthList(e), Val::FixedLengthList(a))
        | (Val::Tuple(e), Val::Tuple(a)) => {
            let brackets = !matches!(expected, Val::Tuple(_));
            e.len() == a.len()
                && e.iter().zip(a).enumerate().all(|(i, (e, a))| {
                    let label = if brackets {
                        format!("[{i}]")
                    } else {
                        format!(".{i}")
                    };
                    step(&label, e, a, path)
                })
        }
        (Val::Record(e), Val::Record(a)) => {
            e.len() == a.len()
                && e.iter()
                    .zip(a)
                    .all(|((en, ev), (an, av))| en == an && step(&format!(".{en}"), ev, av, path))
        }
        (Val::Variant(en, ep), Val::Variant(an, ap)) => {
            en == an && payloads(&format!(".{en}"), ep, ap, &mut step, path)
        }
        (Val::Option(e), Val::Option(a)) => match (e, a) {
            (Some(e), Some(a)) => step(".some", e, a, path),
            (None, None) => true,
            _ => false,
        },
        (Val::Result(e), Val::Result(a)) => match (e, a) {
            (Ok(e), Ok(a)) => payloads(".ok", e, a, &mut step, path),
            (Err(e), Err(a)) => payloads(".err", e, a, &mut step, path),
            _ => false,
        },
        (Val::Flags(e), Val::Flags(a)) => {
            let mut e = e.clone();
            let mut a = a.clone();
            e.sort();
            a.sort();
            e == a
        }
        (Val::Map(e), Val::Map(a)) => {
            e.len() == a.len()
                && e.iter()
                    .zip(a)
                    .enumerate()
                    .all(|(i, ((ek, ev), (ak, av)))| {
                        step(&format!("[{i}].0"), ek, ak, path)
                            && step(&format!("[{i}].1"), ev, av, path)
                    })
        }
        _ => expected == actual,
    }
}

type Step<'a> = dyn FnMut(&str, &Val, &Val, &mut String) -> bool + 'a;

fn payloads(
    label: &str,
    e: &Option<Box<Val>>,
    a: &Option<Box<Val>>,
    step: &mut Step<'_>,
    path: &mut String,
) -> bool {
    match (e, a) {
        (Some(e), Some(a)) => step(label, e, a, path),
        (None, None) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(radius: f32) -> Val {
        Val::Record(vec![("radius".into(), Val::Float32(radius))])
    }

    #[test]
    fn floats_exact_unless_tolerance() {
        assert!(compare(&Val::Float32(1.0), &Val::Float32(1.0), None).is_ok());
        assert!(compare(&Val::Float32(1.0), &Val::Float32(1.000001), None).is_err());
        assert!(compare(&Val::Float32(1.0), &Val::Float32(1.000001), Some(1e-5)).is_ok());
        assert!(compare(&Val::Float64(f64::NAN), &Val::Float64(-f64::NAN), None).is_ok());
        assert!(compare(&Val::Float64(f64::NAN), &Val::Float64(1.0), Some(1e9)).is_err());
        let inf = Val::Float64(f64::INFINITY);
        assert!(compare(&inf, &inf, Some(1.0)).is_ok());
        assert!(compare(&inf, &Val::Float64(f64::MAX), Some(1e300)).is_err());
        assert!(compare(&Val::Float64(0.0), &Val::Float64(-0.0), None).is_ok());
    }

    #[test]
    fn paths_point_at_the_difference() {
        let e = Val::List(vec![record(1.0), record(2.0)]);
        let a = Val::List(vec![record(1.0), record(3.0)]);
        assert_eq!(compare(&e, &a, None), Err("[1].radius".to_string()));
        let e = Val::Result(Ok(Some(Box::new(Val::Option(Some(Box::new(Val::U8(1))))))));
        let a = Val::Result(Ok(Some(Box::new(Val::Option(Some(Box::new(Val::U8(2))))))));
        assert_eq!(compare(&e, &a, None), Err(".ok.some".to_string()));
        let a = Val::Result(Err(None));
        assert_eq!(compare(&e, &a, None), Err(String::new()));
    }

    #[test]
    fn flags_are_sets() {
        let e = Val::Flags(vec!["read".into(), "write".into()]);
        let a = Val::Flags(vec!["write".into(), "read".into()]);
        assert!(compare(&e, &a, None).is_ok());
    }
}
