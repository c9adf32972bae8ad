;; Files that are not components at all, and a component whose imports cannot be met.
;;
;; FAIL[garbage]: run --invoke 'f()' %dir/data/hello.txt
;; FAIL[directory]: run --invoke 'f()' %dir/data
;; FAIL[unlinkable]: run --invoke 'f()' %
;; FAIL[no-component-argument]: run --invoke 'f()'
(component
  (import "wavecall:missing/thing@1.0.0" (instance $thing
    (export "poke" (func))))
  (core module $m (func (export "f")))
  (core instance $i (instantiate $m))
  (func (export "f") (canon lift (core func $i "f")))
)
