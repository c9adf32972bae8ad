;; Fresh instances from a pool (issue 11.1): `wavecall test` pools the instances of a spec
;; with fresh instances (`-vv` says how the pool is sized), and every test starts from the
;; component as it was compiled, whatever the test before did to the memory, its size, a
;; global or a table in the slot it reused. A spec with only a shared instance pools
;; nothing, unless it has properties, whose every case is a fresh instance. (`--no-cache`: at `-vv` the compile cache logs its entry's digest, which changes
;; with the version and the CPU.)
;;
;; RUN: -vv test --no-cache --component % %dir/specs/pooled.toml
;; RUN[shared]: -vv test --no-cache --component % %dir/specs/pooled-shared.toml
;; RUN[property]: -vv test --no-cache --component % %dir/specs/pooled-property.toml
(component
  (core module $m
    (memory (export "memory") 1)
    (data (i32.const 16) "\2a")
    (global $calls (mut i32) (i32.const 0))
    (table 1 funcref)
    (elem (i32.const 0) $one)
    (func $one (result i32) i32.const 1)
    (func (export "bump") (result i32)
      global.get $calls i32.const 1 i32.add global.set $calls global.get $calls)
    (func (export "peek") (result i32) i32.const 16 i32.load8_u)
    (func (export "poke") (param i32) i32.const 16 local.get 0 i32.store8)
    (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)
    (func (export "clear") i32.const 0 ref.null func table.set 0)
    (func (export "call0") (result i32) i32.const 0 call_indirect (result i32)))
  (core instance $i (instantiate $m))
  (func (export "bump") (result u32) (canon lift (core func $i "bump")))
  (func (export "peek") (result u8) (canon lift (core func $i "peek")))
  (func (export "poke") (param "v" u8) (canon lift (core func $i "poke")))
  (func (export "grow") (param "pages" u32) (result s32) (canon lift (core func $i "grow")))
  (func (export "clear") (canon lift (core func $i "clear")))
  (func (export "call0") (result u32) (canon lift (core func $i "call0"))))
