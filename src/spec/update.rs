//! `wavecall test --update`: the expectations of failed tests rewritten with what the calls
//! did, like snapshot tests, in place, every other byte of the spec file kept (comments,
//! spacing, key order, quoting of untouched values) by editing it with `toml_edit`.

use toml_edit::{DocumentMut, Item, TableLike, Value};

use super::model::{Expectation, SpecFile};
use super::report::{FileReport, Observed, Status};

/// What `--update` may rewrite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateMode {
    /// Only the `expect` values of tests whose last call returned another value.
    Values,
    /// Also `expect-trap` messages, a value where a trap was expected (or the other way
    /// round), a value where a rejection was expected.
    All,
}

/// One expectation to rewrite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewrite {
    /// The test's index among the file's `[[test]]` tables.
    pub index: usize,
    /// Its name and the line its report points at, for the message.
    pub name: String,
    /// The line of the test's header.
    pub line: usize,
    /// The key written (`expect` or `expect-trap`) and its new value.
    pub key: &'static str,
    /// The new value of `key`.
    pub value: String,
    /// The new value shortened for people, as failures show values.
    pub shown: String,
}

/// The rewrites the failed tests of `report` call for under `mode`.
pub fn rewrites(spec: &SpecFile, report: &FileReport, mode: UpdateMode) -> Vec<Rewrite> {
    let mut out = Vec::new();
    for result in &report.tests {
        let (Status::Failed, Some(observed)) = (result.status, &result.observed) else {
            continue;
        };
        let Some(index) = spec.tests.iter().position(|t| t.name == result.name) else {
            continue;
        };
        let test = &spec.tests[index];
        let change = match (&test.expect, observed, mode) {
            (Expectation::Value(_), Observed::Returned(value), _) => ("expect", value),
            (_, Observed::Returned(value), UpdateMode::All) => ("expect", value),
            (
                Expectation::Returns | Expectation::Value(_) | Expectation::Trap(_),
                Observed::Trapped(cause),
                UpdateMode::All,
            ) => ("expect-trap", cause),
            _ => continue,
        };
        out.push(Rewrite {
            index,
            name: test.name.clone(),
            line: test.line,
            key: change.0,
            value: change.1.clone(),
            shown: super::shorten::cut(change.1),
        });
    }
    out
}

/// The spec `text` with `rewrites` made: the expectation keys of each test replaced by the
/// one rewritten (its value keeps the old value's surrounding spaces and comment when the
/// key stays the same), everything else byte for byte.
pub fn apply(text: &str, rewrites: &[Rewrite]) -> Result<String, String> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e| format!("failed to read the spec to update it: {e}"))?;
    for rewrite in rewrites {
        let table = test_table(&mut doc, rewrite.index)
            .ok_or_else(|| format!("the spec has no test number {}", rewrite.index + 1))?;
        let mut decor = None;
        for key in ["expect", "expect-trap", "expect-error"] {
            if key == rewrite.key {
                if let Some(value) = table.get(key).and_then(Item::as_value) {
                    decor = Some(value.decor().clone());
                }
            } else {
                table.remove(key);
            }
        }
        let mut value = Value::from(rewrite.value.as_str());
        match (decor, table.get_mut(rewrite.key)) {
            // In place, so that the key keeps its spacing too.
            (Some(decor), Some(item)) => {
                *value.decor_mut() = decor;
                *item = Item::Value(value);
            }
            _ => {
                table.insert(rewrite.key, Item::Value(value));
            }
        }
    }
    Ok(doc.to_string())
}

/// The `index`-th test, whether written as `[[test]]` tables or as an array of inline tables.
fn test_table(doc: &mut DocumentMut, index: usize) -> Option<&mut dyn TableLike> {
    match doc.get_mut("test")? {
        Item::ArrayOfTables(tables) => tables.get_mut(index).map(|t| t as &mut dyn TableLike),
        Item::Value(Value::Array(array)) => match array.get_mut(index)? {
            Value::InlineTable(table) => Some(table as &mut dyn TableLike),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewrite(index: usize, key: &'static str, value: &str) -> Rewrite {
        Rewrite {
            index,
            name: String::new(),
            line: 0,
            key,
            value: value.to_string(),
            shown: value.to_string(),
        }
    }

    const SPEC: &str = r#"# The shapes spec.
component = "shapes.wasm"   # beside it

[[test]]
name = "unit circle"
call = "area(circle({radius: 1.0}))"
expect   =   "3.0"     # pi, roughly
tolerance = 0.1

[[test]]
call = 'perimeter(point)'
expect = '1'
# trailing comment of the second test

[[test]]
call = "boom()"
expect-trap = "unreachable"
"#;

    #[test]
    fn only_the_values_change() {
        let out = apply(
            SPEC,
            &[rewrite(0, "expect", "3.1415927"), rewrite(1, "expect", "0")],
        )
        .unwrap();
        let expected = SPEC
            .replace(
                r#"expect   =   "3.0"     # pi"#,
                r#"expect   =   "3.1415927"     # pi"#,
            )
            .replace("expect = '1'", "expect = \"0\"");
        assert_eq!(out, expected);
    }

    #[test]
    fn a_value_with_quotes_stays_valid_toml() {
        let out = apply(SPEC, &[rewrite(1, "expect", r#"ok("it's \"x\"")"#)]).unwrap();
        let doc: DocumentMut = out.parse().unwrap();
        assert_eq!(
            doc["test"][1]["expect"].as_str(),
            Some(r#"ok("it's \"x\"")"#)
        );
        assert_eq!(out.lines().count(), SPEC.lines().count());
    }

    #[test]
    fn a_trap_replaces_a_value_and_the_other_way_round() {
        let out = apply(
            SPEC,
            &[
                rewrite(1, "expect-trap", "wasm trap"),
                rewrite(2, "expect", "7"),
            ],
        )
        .unwrap();
        let doc: DocumentMut = out.parse().unwrap();
        assert!(doc["test"][1].get("expect").is_none());
        assert_eq!(doc["test"][1]["expect-trap"].as_str(), Some("wasm trap"));
        assert!(doc["test"][2].get("expect-trap").is_none());
        assert_eq!(doc["test"][2]["expect"].as_str(), Some("7"));
        assert!(out.starts_with("# The shapes spec.\ncomponent = \"shapes.wasm\"   # beside it\n"));
    }

    #[test]
    fn inline_tests_are_updated_too() {
        let text = "test = [\n  { call = \"f()\", expect = \"1\" },  # one\n  { call = \"g()\", expect = \"2\" },\n]\n";
        let out = apply(text, &[rewrite(1, "expect", "3")]).unwrap();
        assert_eq!(out, text.replace("expect = \"2\"", "expect = \"3\""));
    }
}
