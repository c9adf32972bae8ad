;; A component that asks for 2 MiB of memory up front, more than `--max-memory` allows.
;;
;; FAIL: run --max-memory 1MiB --invoke 'f()' %
;; RUN[enough]: run --max-memory 2MiB --invoke 'f()' %
(component
  (core module $m
    (memory (export "memory") 32)
    (func (export "f")))
  (core instance $i (instantiate $m))
  (func (export "f") (canon lift (core func $i "f"))))
