;; A component whose start function traps: instantiation fails with the trap (exit 1).
;;
;; FAIL: run --invoke 'f()' %
(component
  (core module $m
    (func $start unreachable)
    (start $start)
    (func (export "f")))
  (core instance $i (instantiate $m))
  (func (export "f") (canon lift (core func $i "f"))))
