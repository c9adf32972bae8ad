;; A second implementation of the `buggy` fixture's `add`, right for every input: what
;; `equals-component` compares `add-fast` with (`tests/spec/properties/`).
(component
  (core module $m
    (func (export "add") (param i32 i32) (result i32)
      (i32.add (local.get 0) (local.get 1))))
  (core instance $i (instantiate $m))
  (type $add (func (param "a" u32) (param "b" u32) (result u32)))
  (func $add (type $add) (canon lift (core func $i "add")))
  (export "add" (func $add)))
