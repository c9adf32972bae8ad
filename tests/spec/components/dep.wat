;; A component to link against `app.wat`: it exports `my:app/config` with `get` returning 41.
(component
  (core module $m (func (export "get") (result i32) i32.const 41))
  (core instance $i (instantiate $m))
  (func $get (result u32) (canon lift (core func $i "get")))
  (instance $config (export "get" (func $get)))
  (export "my:app/config" (instance $config)))
