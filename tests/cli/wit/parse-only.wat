;; `wit` and `explain FUNCTION` read the component's types and nothing else: a component
;; whose code does not validate (`f` adds with nothing on the stack) still lists and
;; explains, while `run`, which compiles it, refuses it.
;;
;; RUN[wit]: wit %
;; RUN[signature]: explain f %
;; FAIL[run]: run --invoke 'f()' %
;; A precompiled artifact carries the component binary, which `wit` reads; so does standard
;; input.
;; RUN[compile]: compile -o %tmpdir/shapes.cwasm %fixtures/shapes.wasm
;; RUN[artifact]: wit %tmpdir/shapes.cwasm
;; RUN[artifact-explain]: explain area %tmpdir/shapes.cwasm
;; RUN[stdin]: wit - < ../../../examples/shapes.wasm
(component
  (core module $m
    (func (export "f") (result i32) i32.add))
  (core instance $i (instantiate $m))
  (func (export "f") (result u32) (canon lift (core func $i "f"))))
