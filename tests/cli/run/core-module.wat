;; A core module is not a component: loading fails (exit status 3) with a hint.
;;
;; FAIL: run --invoke 'f()' %
(module
  (func (export "f")))
