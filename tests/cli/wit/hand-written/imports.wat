;; A hand-written component that imports an instance with a type and a function, and
;; exports a root type and a function using both: the rebuilt WIT keeps the imported
;; interface, its package and the names. `explain --invoke` mocks the import as `run` does.
;;
;; RUN[wit]: wit %
;; RUN[signature]: explain scaled %
;; RUN[call-with-mock]: explain --mock 'my:geo/config.factor=3' --invoke 'scaled({x: 1, y: 2})' %
;; RUN[run-with-mock]: run --mock 'my:geo/config.factor=3' --invoke 'scaled({x: 1, y: 2})' %
;; FAIL[call-without-import]: explain --invoke 'scaled({x: 1, y: 2})' %
(component
  (import "my:geo/config" (instance $cfg
    (export "factor" (func (result s32)))))
  (core func $factor (canon lower (func $cfg "factor")))
  (core module $m
    (import "cfg" "factor" (func $factor (result i32)))
    (func (export "scaled") (param i32 i32) (result i32)
      local.get 0 local.get 1 i32.add call $factor i32.mul))
  (core instance $i (instantiate $m (with "cfg" (instance (export "factor" (func $factor))))))
  (type $point (record (field "x" s32) (field "y" s32)))
  (export $p "point" (type $point))
  (func (export "scaled") (param "p" $p) (result s32)
    (canon lift (core func $i "scaled"))))
