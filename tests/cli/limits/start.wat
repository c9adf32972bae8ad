;; A component whose start function never returns: the limits cover instantiation too.
;;
;; FAIL[timeout]: run --timeout 200ms --invoke 'f()' %
;; FAIL[fuel]: run --fuel 10000 --invoke 'f()' %
(component
  (core module $m
    (func $spin (loop $forever (br $forever)))
    (start $spin)
    (func (export "f")))
  (core instance $i (instantiate $m))
  (func (export "f") (canon lift (core func $i "f"))))
