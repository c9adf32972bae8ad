//! Values short enough to read in a failure report.
//!
//! A 10,000-element list that differs in one element is useless printed whole: the report
//! would be megabytes and the difference lost in it. Values up to [`WIDTH`] characters of
//! WAVE are shown whole. Longer ones are walked together down to their first difference:
//! along the way the elements before and after it are elided with a count (`…4998 items…`),
//! keeping a couple of short neighbours for context, and the differing element is shown in
//! full, or shortened the same way when it is itself long. Where the walk cannot go further
//! (two long strings, or values of different shapes) the text is cut around the first
//! differing character. The JSON report keeps the values whole.

use wasmtime::component::Val;

use super::compare::compare;
use crate::render::{NoHandles, write_value};

/// Values of up to this many characters of WAVE are shown whole.
const WIDTH: usize = 200;
/// Neighbours of the difference are shown when they are this short…
const NEIGHBOUR_WIDTH: usize = 40;
/// …up to this many on each side.
const NEIGHBOURS: usize = 2;
/// Characters kept before the first differing one when text is cut.
const TEXT_BEFORE: usize = 40;
/// Characters kept from the first differing one on when text is cut.
const TEXT_AFTER: usize = 80;

/// `expected` and `actual` as WAVE for people: whole when both are short, else shortened
/// around their first difference. Handles are not named (expected values hold none).
pub(crate) fn pair(expected: &Val, actual: &Val, tolerance: Option<f64>) -> (String, String) {
    let (e, a) = (wave(expected), wave(actual));
    if chars(&e) <= WIDTH && chars(&a) <= WIDTH {
        return (e, a);
    }
    Walk { tolerance }.pair(expected, actual, e, a)
}

/// A long text cut after about [`WIDTH`] characters (after an item's `, ` when there is one
/// near), with a count of the rest.
pub(crate) fn cut(text: &str) -> String {
    let Some((at, _)) = text.char_indices().nth(WIDTH) else {
        return text.to_string();
    };
    let at = match text[..at].rfind(", ") {
        Some(comma) if comma > at / 2 => comma + 2,
        _ => at,
    };
    format!("{}{}", &text[..at], elided(chars(&text[at..]), "chars"))
}

struct Walk {
    tolerance: Option<f64>,
}

impl Walk {
    /// Both sides, given their full text: whole when short, else shortened.
    fn pair(&self, e: &Val, a: &Val, e_text: String, a_text: String) -> (String, String) {
        if chars(&e_text) <= WIDTH && chars(&a_text) <= WIDTH {
            return (e_text, a_text);
        }
        match (e, a) {
            (Val::List(es), Val::List(as_))
            | (Val::FixedLengthList(es), Val::FixedLengthList(as_)) => {
                self.sequence(es, as_, ('[', ']'))
            }
            (Val::Tuple(es), Val::Tuple(as_)) if es.len() == as_.len() => {
                self.sequence(es, as_, ('(', ')'))
            }
            (Val::Record(es), Val::Record(as_))
                if es.len() == as_.len() && es.iter().zip(as_).all(|(e, a)| e.0 == a.0) =>
            {
                self.record(es, as_)
            }
            (Val::Variant(ec, Some(ep)), Val::Variant(ac, Some(ap))) if ec == ac => {
                self.payload(&e_text, ep, ap)
            }
            (Val::Option(Some(ep)), Val::Option(Some(ap))) => self.payload("some", ep, ap),
            (Val::Result(Ok(Some(ep))), Val::Result(Ok(Some(ap)))) => self.payload("ok", ep, ap),
            (Val::Result(Err(Some(ep))), Val::Result(Err(Some(ap)))) => self.payload("err", ep, ap),
            _ => text_around_difference(&e_text, &a_text),
        }
    }

    /// `case(payload)` with both payloads shortened; `head` is the case name, or for a
    /// variant its full text, which starts with the (possibly `%`-escaped) name.
    fn payload(&self, head: &str, e: &Val, a: &Val) -> (String, String) {
        let name = head.split('(').next().unwrap_or(head);
        let (e, a) = self.pair(e, a, wave(e), wave(a));
        (format!("{name}({e})"), format!("{name}({a})"))
    }

    /// Lists and tuples: the elements up to the first that differs (or where the shorter
    /// one ends) are elided but for a few short neighbours, that element is shown, and the
    /// rest elided.
    fn sequence(&self, es: &[Val], as_: &[Val], (open, close): (char, char)) -> (String, String) {
        let first = es
            .iter()
            .zip(as_)
            .position(|(e, a)| compare(e, a, self.tolerance).is_err())
            .unwrap_or(es.len().min(as_.len()));
        let differing = match (es.get(first), as_.get(first)) {
            (Some(e), Some(a)) => {
                let (e, a) = self.pair(e, a, wave(e), wave(a));
                (Some(e), Some(a))
            }
            (e, a) => (e.map(|v| cut(&wave(v))), a.map(|v| cut(&wave(v)))),
        };
        let side = |items: &[Val], shown: Option<String>| {
            let mut parts = Vec::new();
            let before = neighbours(items[..first].iter().rev());
            if first > before.len() {
                parts.push(elided(first - before.len(), "items"));
            }
            parts.extend(before.into_iter().rev());
            if let Some(shown) = shown {
                parts.push(shown);
                let rest = items.get(first + 1..).unwrap_or_default();
                let after = neighbours(rest.iter());
                let more = rest.len() - after.len();
                parts.extend(after);
                if more > 0 {
                    parts.push(elided(more, "items"));
                }
            }
            format!("{open}{}{close}", parts.join(", "))
        };
        (side(es, differing.0), side(as_, differing.1))
    }

    /// Records: the first differing field shortened, other fields whole when short.
    fn record(&self, es: &[(String, Val)], as_: &[(String, Val)]) -> (String, String) {
        let first = es
            .iter()
            .zip(as_)
            .position(|(e, a)| compare(&e.1, &a.1, self.tolerance).is_err());
        let side = |fields: &[(String, Val)], other: &[(String, Val)], expected: bool| {
            let parts: Vec<String> = fields
                .iter()
                .enumerate()
                // `none` fields are left out, as WAVE does.
                .filter(|(_, (_, v))| !matches!(v, Val::Option(None)))
                .map(|(i, (name, value))| {
                    let shown = if Some(i) == first {
                        let (e, a) = if expected {
                            (value, &other[i].1)
                        } else {
                            (&other[i].1, value)
                        };
                        let (e, a) = self.pair(e, a, wave(e), wave(a));
                        if expected { e } else { a }
                    } else {
                        let text = wave(value);
                        if chars(&text) <= NEIGHBOUR_WIDTH {
                            text
                        } else {
                            elided(chars(&text), "chars")
                        }
                    };
                    format!("{name}: {shown}")
                })
                .collect();
            if parts.is_empty() {
                "{:}".to_string()
            } else {
                format!("{{{}}}", parts.join(", "))
            }
        };
        (side(es, as_, true), side(as_, es, false))
    }
}

/// The short neighbours next to the difference, nearest first.
fn neighbours<'a>(items: impl Iterator<Item = &'a Val>) -> Vec<String> {
    items
        .take(NEIGHBOURS)
        .map(wave)
        .take_while(|text| chars(text) <= NEIGHBOUR_WIDTH)
        .collect()
}

/// Both texts cut to a window around their first differing character; two strings keep
/// their quotes.
fn text_around_difference(e: &str, a: &str) -> (String, String) {
    let quoted = |t: &str| t.len() >= 2 && t.starts_with('"') && t.ends_with('"');
    if quoted(e) && quoted(a) {
        let (e, a) = text_around_difference(&e[1..e.len() - 1], &a[1..a.len() - 1]);
        return (format!("\"{e}\""), format!("\"{a}\""));
    }
    let at = e
        .chars()
        .zip(a.chars())
        .position(|(x, y)| x != y)
        .unwrap_or(chars(e).min(chars(a)));
    let window = |text: &str| {
        let total = chars(text);
        let start = at.saturating_sub(TEXT_BEFORE);
        let end = (at + TEXT_AFTER).min(total);
        let mut out = String::new();
        if start > 0 {
            out.push_str(&elided(start, "chars"));
        }
        out.extend(text.chars().skip(start).take(end - start));
        if end < total {
            out.push_str(&elided(total - end, "chars"));
        }
        out
    };
    (window(e), window(a))
}

fn elided(count: usize, what: &str) -> String {
    let what = if count == 1 {
        what.trim_end_matches('s')
    } else {
        what
    };
    format!("…{count} {what}…")
}

fn wave(val: &Val) -> String {
    let mut out = String::new();
    write_value(&mut out, val, &NoHandles);
    out
}

fn chars(text: &str) -> usize {
    text.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(items: impl IntoIterator<Item = u32>) -> Val {
        Val::List(items.into_iter().map(Val::U32).collect())
    }

    #[test]
    fn short_values_are_whole() {
        let (e, a) = pair(&list([1, 2, 3]), &list([1, 2, 4]), None);
        assert_eq!((e.as_str(), a.as_str()), ("[1, 2, 3]", "[1, 2, 4]"));
    }

    #[test]
    fn a_long_list_shows_the_first_difference_and_counts_the_rest() {
        let expected = list(0..10_000);
        let actual = list((0..10_000).map(|i| if i == 5000 { 7 } else { i }));
        let (e, a) = pair(&expected, &actual, None);
        assert_eq!(
            e,
            "[…4998 items…, 4998, 4999, 5000, 5001, 5002, …4997 items…]"
        );
        assert_eq!(a, "[…4998 items…, 4998, 4999, 7, 5001, 5002, …4997 items…]");
    }

    #[test]
    fn a_longer_list_shows_where_the_shorter_ends() {
        let (e, a) = pair(&list(0..1000), &list(0..1001), None);
        assert_eq!(e, "[…998 items…, 998, 999]");
        assert_eq!(a, "[…998 items…, 998, 999, 1000]");
    }

    #[test]
    fn long_strings_are_cut_around_the_difference() {
        let x = "x".repeat(1000);
        let e = Val::String(format!("{x}A{x}"));
        let a = Val::String(format!("{x}B{x}"));
        let (e, a) = pair(&e, &a, None);
        let before = "x".repeat(TEXT_BEFORE);
        let after = "x".repeat(TEXT_AFTER - 1);
        assert_eq!(e, format!("\"…960 chars…{before}A{after}…921 chars…\""));
        assert_eq!(a, format!("\"…960 chars…{before}B{after}…921 chars…\""));
    }

    #[test]
    fn records_keep_short_fields_and_elide_long_ones() {
        let record = |total| {
            Val::Record(vec![
                ("id".into(), Val::U32(7)),
                ("data".into(), list(0..100)),
                ("total".into(), Val::U32(total)),
            ])
        };
        let (e, a) = pair(&record(1), &record(2), None);
        assert_eq!(e, "{id: 7, data: …390 chars…, total: 1}");
        assert_eq!(a, "{id: 7, data: …390 chars…, total: 2}");
    }

    #[test]
    fn the_walk_goes_through_payloads() {
        let ok = |v| Val::Result(Ok(Some(Box::new(v))));
        let (e, a) = pair(&ok(list(0..1000)), &ok(list(1..1001)), None);
        assert_eq!(e, "ok([0, 1, 2, …997 items…])");
        assert_eq!(a, "ok([1, 2, 3, …997 items…])");
    }

    #[test]
    fn cut_counts_what_it_drops() {
        assert_eq!(cut("abc"), "abc");
        let long = "é".repeat(WIDTH + 5);
        assert_eq!(cut(&long), format!("{}…5 chars…", "é".repeat(WIDTH)));
        let list = format!("[{}]", vec!["1234"; 100].join(", "));
        assert_eq!(
            cut(&list),
            format!("[{}, …401 chars…", vec!["1234"; 33].join(", "))
        );
    }
}
