;; A type's identity does not depend on how it was spelled (issue 16.7): a parameter of a
;; defined primitive (`(type $b u8)`, `(type $x f32)`) is the same type as one written `u8`,
;; in `explain --invoke` as in `run`. Aliases inside records, lists, options and results,
;; flat and spilled to memory, are checked in `crates/abi/tests/lowering.rs` (`aliases_lower_and_lift_as_what_they_name`).
;;
;; RUN[run]: run --invoke 'f(3, 2.5)' %
;; RUN[explain]: explain --invoke 'f(3, 2.5)' %
(component
  (core module $m
    (func (export "f") (param i32 f32) (result i32) local.get 0))
  (core instance $i (instantiate $m))
  (type $b u8)
  (type $x f32)
  (func (export "f") (param "x" $b) (param "y" $x) (result $b)
    (canon lift (core func $i "f"))))
