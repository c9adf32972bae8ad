//! Completion and hints (`wavecall::complete`) over the fixtures' types: every WIT type
//! kind, every completion position, asserted on the candidates the library returns.

mod support;

use wavecall::complete::{self, Names};
use wavecall::{Program, Runtime, Source};

fn program(fixture: &str) -> Program {
    let path = support::fixtures::dir().join(format!("{fixture}.wasm"));
    Runtime::new().unwrap().load(Source::Path(path)).unwrap()
}

/// The replacements offered with the cursor at the end of `line`.
fn at_end(program: &Program, names: &Names, line: &str) -> Vec<String> {
    let completions = complete::complete(program, names, line, line.len());
    completions
        .replacements()
        .into_iter()
        .map(str::to_string)
        .collect()
}

fn offered(fixture: &str, line: &str) -> Vec<String> {
    at_end(&program(fixture), &Names::default(), line)
}

#[test]
fn function_names_in_every_form() {
    let types = program("types");
    let none = Names::default();
    assert_eq!(
        at_end(&types, &none, "echo-s"),
        [
            "echo-s8(",
            "echo-s16(",
            "echo-s32(",
            "echo-s64(",
            "echo-string("
        ]
    );
    // No parameters: the call is complete.
    assert_eq!(at_end(&types, &none, "noth"), ["nothing()"]);
    // A qualified prefix completes to qualified names; the nested fixture's `greet` is
    // ambiguous bare, so only its qualified names are offered.
    let nested = program("nested");
    let greets = at_end(&nested, &none, "gre");
    assert!(greets.is_empty(), "{greets:?}");
    let alpha = at_end(&nested, &none, "alpha.g");
    assert_eq!(alpha, ["alpha.greet("]);
    let full = at_end(&program("resources"), &none, "wavecall:res/api.cons");
    assert_eq!(full, ["wavecall:res/api.consume("]);
}

#[test]
fn resource_functions_by_their_bracketed_names_and_after_the_bracket() {
    let resources = program("resources");
    let none = Names::default();
    assert_eq!(at_end(&resources, &none, "[c"), ["[constructor]counter("]);
    let coun = at_end(&resources, &none, "coun");
    assert!(
        coun.contains(&"[constructor]counter(".to_string()),
        "{coun:?}"
    );
    assert!(coun.contains(&"counter.merge(".to_string()), "{coun:?}");
    assert_eq!(
        at_end(&resources, &none, "[method]counter.inc"),
        ["[method]counter.increment("]
    );
}

#[test]
fn methods_and_names_of_bound_handles() {
    let resources = program("resources");
    let mut session = resources.session().start().unwrap();
    session.invoke("c = [constructor]counter(5)").unwrap();
    session.invoke("other = [constructor]counter(1)").unwrap();
    let names = session.names();
    assert_eq!(at_end(&resources, &names, "c.inc"), ["c.increment()"]);
    assert_eq!(at_end(&resources, &names, "c.d"), ["c.drop()"]);
    let c = at_end(&resources, &names, "c");
    assert!(c.contains(&"c.".to_string()), "{c:?}");
    // A handle argument offers the bound names of its resource.
    assert_eq!(at_end(&resources, &names, "counter.merge(c, o"), ["other"]);
    // A moved handle is no longer offered.
    session.invoke("consume(other)").unwrap();
    let names = session.names();
    assert_eq!(at_end(&resources, &names, "counter.merge(c, "), ["c"]);
}

#[test]
fn record_fields_not_yet_given_with_keywords_escaped() {
    assert_eq!(
        offered("types", "echo-person({"),
        ["name: ", "age: ", "nickname: "]
    );
    assert_eq!(
        offered("types", "echo-person({name: \"a\", "),
        ["age: ", "nickname: "]
    );
    assert_eq!(
        offered("types", "echo-person({name: \"a\", n"),
        ["nickname: "]
    );
    assert_eq!(
        offered("types", "echo-keywords({"),
        ["%true: ", "%none: ", "%inf: "]
    );
    assert_eq!(offered("types", "echo-keywords({%true: 1, no"), ["%none: "]);
}

#[test]
fn cases_flags_options_results_and_bools() {
    assert_eq!(offered("types", "echo-color(g"), ["green"]);
    assert_eq!(offered("types", "echo-mixed(i"), ["int("]);
    assert_eq!(offered("types", "echo-mixed(e"), ["empty"]);
    assert_eq!(offered("types", "echo-perms({read, "), ["write", "exec"]);
    assert_eq!(offered("types", "echo-perms({read, e"), ["exec"]);
    assert_eq!(offered("types", "echo-option(s"), ["some("]);
    assert_eq!(offered("types", "echo-option(n"), ["none"]);
    assert_eq!(
        offered("types", "echo-option-option(some("),
        ["some(", "none"]
    );
    assert_eq!(offered("types", "echo-result(e"), ["err("]);
    assert_eq!(offered("types", "echo-result-no-ok(o"), ["ok"]);
    assert_eq!(offered("types", "echo-result-empty(e"), ["err"]);
    assert_eq!(offered("types", "echo-bool(t"), ["true"]);
    assert_eq!(
        offered("types", "echo-tuple((1, \"a\", "),
        ["true", "false"]
    );
}

#[test]
fn placeholders_where_nothing_is_named() {
    // Inside nested values: the placeholder of the type at the cursor.
    assert_eq!(offered("types", "echo-mixed(int("), ["0"]);
    assert_eq!(offered("types", "echo-nested-list([[1], ["), ["0"]);
    assert_eq!(offered("types", "echo-list-string([\"a\", "), ["\"\""]);
    assert_eq!(offered("shapes", "area(circle({radius: "), ["0.0"]);
    // Inside a string nothing is offered.
    assert!(offered("types", "echo-string(\"ab").is_empty());
}

#[test]
fn an_empty_argument_list_gets_every_argument_as_a_typed_placeholder() {
    assert_eq!(offered("shapes", "area("), ["circle({radius: 0.0}))"]);
    assert_eq!(
        offered("many-params", "mixed("),
        [r#"0, "", 0, "", 0.0, "", false, "", 0, "", 0, "")"#]
    );
    // A `)` already after the cursor is not doubled.
    let shapes = program("shapes");
    let completions = complete::complete(&shapes, &Names::default(), "scale()", 6);
    assert_eq!(completions.replacements(), ["circle({radius: 0.0}), 0.0"]);
    assert_eq!(completions.start, 6);
}

#[test]
fn kept_results_that_fit_the_type() {
    let types = program("types");
    let mut session = types.session().start().unwrap();
    let outcome = session.invoke("echo-u32(7)").unwrap();
    session.keep(&outcome);
    let outcome = session.invoke("echo-string(\"x\")").unwrap();
    session.keep(&outcome);
    let names = session.names();
    assert_eq!(at_end(&types, &names, "echo-u32($"), ["$1"]);
    assert_eq!(at_end(&types, &names, "echo-string($"), ["$2"]);
    assert_eq!(at_end(&types, &names, "echo-option(some($"), ["$1"]);
    // `$N` is usable in a call.
    let outcome = session.invoke("swap($2, $1)").unwrap();
    assert_eq!(
        session.render(&outcome, wavecall::render::Format::Wave),
        "(7, \"x\")"
    );
}

#[test]
fn hints_give_the_signature_and_the_type_at_the_cursor() {
    let shapes = program("shapes");
    let none = Names::default();
    let hint = complete::hint(&shapes, &none, "area(circle({radius: ", 21).unwrap();
    assert_eq!(hint.signature, "area(s: shape) -> f32");
    assert_eq!(hint.expected.as_deref(), Some("s.circle.radius: f32"));
    let hint = complete::hint(&shapes, &none, "scale(point, ", 13).unwrap();
    assert_eq!(hint.expected.as_deref(), Some("factor: f32"));
    let hint = complete::hint(&shapes, &none, "area(", 5).unwrap();
    assert_eq!(
        hint.expected.as_deref(),
        Some("s: shape = variant { circle(circle), rect(rect), point }")
    );
    let hint = complete::hint(&shapes, &none, "perimeter", 9).unwrap();
    assert_eq!(hint.signature, "perimeter(s: shape) -> f32");
    assert_eq!(hint.expected, None);
    assert!(complete::hint(&shapes, &none, "nope(", 5).is_none());
    // A method's signature leaves out `self`.
    let resources = program("resources");
    let mut session = resources.session().start().unwrap();
    session.invoke("c = [constructor]counter(5)").unwrap();
    let hint = complete::hint(&resources, &session.names(), "c.increment(", 12).unwrap();
    assert_eq!(hint.signature, "c.increment() -> u32");
}

/// The template of every function of every fixture (but those that take handles, which
/// need a bound name) is a call the checker accepts.
#[test]
fn every_template_is_a_valid_call() {
    for fixture in support::fixtures::names() {
        let program = program(&fixture);
        let mut checked = 0;
        for func in program.exports().funcs() {
            let takes_handles = func.params().iter().any(|(_, ty)| {
                format!("{ty:?}").contains("Own") || format!("{ty:?}").contains("Borrow")
            });
            if takes_handles {
                continue;
            }
            let name = func.invoke_name();
            let call = complete::template(&program, &Names::default(), &name).unwrap();
            let mut checker = program.checker().unwrap();
            checker
                .check(&call)
                .unwrap_or_else(|e| panic!("{fixture}: `{call}`: {e:#}"));
            checked += 1;
        }
        assert!(
            checked > 0 || program.exports().funcs().is_empty(),
            "{fixture}"
        );
    }
}

/// A component a real toolchain built (Rust, wit-bindgen): its resource's constructor is
/// completed from what follows `]`, whatever the binding before it.
#[test]
fn a_real_component_with_a_resource() {
    let provider = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/real/pair/provider.wasm"
    );
    let program = Runtime::new().unwrap().load(provider).unwrap();
    let found = at_end(&program, &Names::default(), "c = coun");
    assert!(
        found.contains(&"[constructor]counter(".to_string()),
        "{found:?}"
    );
}

/// Every prefix of a call gets completions and a hint without hanging or panicking.
#[test]
fn every_prefix_of_a_call() {
    let shapes = program("shapes");
    let line = "area(circle({radius: 1.0}), x, [\"a\", 'b'], {c, d: e})";
    for pos in 0..=line.len() {
        let _ = complete::complete(&shapes, &Names::default(), line, pos);
        let _ = complete::hint(&shapes, &Names::default(), line, pos);
    }
}

/// Enum and variant cases named like WAVE keywords are offered with their `%`, matched
/// whether or not the `%` is typed.
#[test]
fn keyword_cases_get_their_percent_sign() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/cli/run/keyword-cases.wat"
    );
    let program = Runtime::new().unwrap().load(path).unwrap();
    let none = Names::default();
    assert_eq!(at_end(&program, &none, "echo-word(n"), ["%none", "%nan"]);
    assert_eq!(at_end(&program, &none, "echo-word(%t"), ["%true"]);
    assert_eq!(
        at_end(&program, &none, "case-of(%"),
        ["%ok(", "%none", "%some(", "%nan"]
    );
    // A placeholder is a valid value: the first case, with `%`.
    assert_eq!(
        complete::template(&program, &none, "echo-word").unwrap(),
        "echo-word(%none)"
    );
}
