;; The component of the spec-mode benchmark (`bench/spec.py`): `add(a, b)` over a core
;; module laid out as a compiled Rust or C component is, a memory of 17 pages (a 1 MiB
;; stack, then data) with a data segment, a stack pointer global and a function table, so
;; that every fresh instance maps a memory image and fills a table as theirs do.
(component
  (core module $m
    (memory (export "memory") 17)
    (global $sp (export "__stack_pointer") (mut i32) (i32.const 1048576))
    (table 2 2 funcref)
    (elem (i32.const 1) func $add)
    (data (i32.const 1048576) "wavecall bench: add")
    (func $add (export "add") (param i32 i32) (result i32)
      local.get 0 local.get 1 i32.add))
  (core instance $i (instantiate $m))
  (func (export "add") (param "a" u32) (param "b" u32) (result u32)
    (canon lift (core func $i "add"))))
