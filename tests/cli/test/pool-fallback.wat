;; A component whose needs cannot be counted (it instantiates a core module it imports) is
;; not pooled: its instances are allocated on demand, and `-v` says why (issue 11.1). This
;; one then cannot be linked, as the host provides no core modules.
;;
;; FAIL: -v test --component % %dir/specs/pool-fallback.toml
(component
  (import "m" (core module $m (export "f" (func (result i32)))))
  (core instance $i (instantiate $m))
  (func (export "f") (result u32) (canon lift (core func $i "f"))))
