//! The text-in entry points the playground calls: a call and a typed result, both in WAVE.

use wavecall_abi::wit_parser::Resolve;
use wavecall_abi::{CallOptions, ExplainError, explain_in, lift_text};

const SHAPES: &str = "package demo:shapes;
world shapes {
  record rect { width: f32, height: f32 }
  variant shape { rect(rect), point }
  export scale: func(s: shape, by: f32) -> shape;
  export reset: func();
}";

fn shapes() -> (Resolve, wavecall_abi::wit_parser::WorldId) {
    let mut resolve = Resolve::default();
    let package = resolve.push_str("shapes.wit", SHAPES).unwrap();
    let world = resolve.select_world(&[package], None).unwrap();
    (resolve, world)
}

#[test]
fn a_typed_result_is_lifted_after_the_arguments() {
    let (resolve, world) = shapes();
    let options = CallOptions::default();
    let mut explained = explain_in(&resolve, world, "scale(point, 2.0)", options).unwrap();
    lift_text(
        &resolve,
        world,
        &mut explained,
        " rect({width: 1.0, height: 0.5}) ",
        options,
    )
    .unwrap();
    assert_eq!(explained.target, None, "nothing was called");
    assert_eq!(
        explained.result.as_deref(),
        Some("rect({width: 1.0, height: 0.5})")
    );
    let lifting = explained.lifting.as_ref().unwrap();
    assert!(lifting.result_in_memory);
    let area = &lifting.memory[0];
    assert_eq!(area.bytes.len(), 12);
    assert_eq!(area.bytes[0], Some(0), "discriminant of `rect`");
    let half = 0.5f32.to_le_bytes().map(Some);
    assert_eq!(&area.bytes[8..12], &half);
}

#[test]
fn errors_in_the_result_point_into_the_result() {
    let (resolve, world) = shapes();
    let options = CallOptions::default();
    let mut explained = explain_in(&resolve, world, "scale(point, 2.0)", options).unwrap();
    let err = lift_text(&resolve, world, &mut explained, "rect({width: 1})", options);
    let Err(ExplainError::Call(err)) = err else {
        panic!("expected a call error, got {err:?}");
    };
    assert_eq!(err.call, "rect({width: 1})");
    assert_eq!(&err.call[err.span.clone()], "{width: 1}");
    assert!(err.message.contains("height"), "{}", err.message);
    for empty in ["", "  "] {
        let err = lift_text(&resolve, world, &mut explained, empty, options);
        assert!(matches!(err, Err(ExplainError::Call(_))), "{err:?}");
    }
}

#[test]
fn a_function_without_a_result_takes_no_result() {
    let (resolve, world) = shapes();
    let options = CallOptions::default();
    let mut explained = explain_in(&resolve, world, "reset()", options).unwrap();
    lift_text(&resolve, world, &mut explained, "", options).unwrap();
    assert_eq!(explained.result.as_deref(), Some("()"));
    let err = lift_text(&resolve, world, &mut explained, "1", options).unwrap_err();
    let ExplainError::Call(err) = err else {
        panic!("expected a call error");
    };
    assert_eq!(err.message, "`reset` has no result");
    assert_eq!(err.excerpt(""), "    1\n    ^\n");
}
