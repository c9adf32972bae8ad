;; A component whose imports the host only partly provides: every missing one is listed,
;; once, and an import that WASI provides at a semver-compatible version
;; (`wasi:cli/environment@0.2.0`, served by wasmtime-wasi's 0.2.x) is not among them.
;;
;; FAIL: run --invoke 'use-config()' %
;; FAIL[traps-when-called]: run --trap-unknown-imports --invoke 'answer()' --invoke 'use-config()' %
(component
  (import "wasi:cli/environment@0.2.0" (instance
    (export "get-arguments" (func (result (list string))))))
  (import "my:app/config" (instance $cfg
    (export "get" (func (result u32)))
    (export "put" (func (param "v" u32)))))
  (import "my:app/other" (instance (export "f" (func))))
  (core func $get (canon lower (func $cfg "get")))
  (core module $m
    (import "cfg" "get" (func $get (result i32)))
    (func (export "use") (result i32) call $get)
    (func (export "answer") (result i32) i32.const 42))
  (core instance $i (instantiate $m (with "cfg" (instance (export "get" (func $get))))))
  (func (export "use-config") (result u32) (canon lift (core func $i "use")))
  (func (export "answer") (result u32) (canon lift (core func $i "answer")))
)
