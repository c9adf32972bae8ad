;; A table that grows past what `--max-memory` allows (tables count 8 bytes an element).
;;
;; FAIL: run --max-memory 64KiB --invoke 'grow(100000)' %
;; RUN[enough]: run --max-memory 64KiB --invoke 'grow(100)' %
(component
  (core module $m
    (table $t 1 funcref)
    (func (export "grow") (param i32) (result i32)
      (table.grow $t (ref.null func) (local.get 0))))
  (core instance $i (instantiate $m))
  (func (export "grow") (param "n" u32) (result u32) (canon lift (core func $i "grow"))))
