;; A core module is not a component: loading fails (exit status 3) with a hint.
;;
;; IGNORE: waiting for `wavecall run`; remove this line and bless once it lands
;;
;; FAIL: run --invoke 'f()' %
(module
  (func (export "f")))
