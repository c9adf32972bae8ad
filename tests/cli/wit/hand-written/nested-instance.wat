;; An instance inside an exported instance: WIT has no words for it (wit-parser: "instance
;; type export `inner` is not a type or function"), Wasmtime runs it. The rebuilt WIT leaves
;; the inner instance out of its text but lists and explains its functions by their full
;; path, as `run` calls them.
;;
;; RUN[wit]: wit %
;; RUN[signature]: explain math.inner.neg %
;; RUN[call]: explain --invoke 'math.inner.neg(3)' %
;; RUN[run]: run --invoke 'math.double(4)' --invoke 'math.inner.neg(3)' %
(component
  (core module $m
    (func (export "double") (param i32) (result i32) local.get 0 i32.const 2 i32.mul)
    (func (export "neg") (param i32) (result i32) i32.const 0 local.get 0 i32.sub))
  (core instance $i (instantiate $m))
  (func $double (param "x" s32) (result s32) (canon lift (core func $i "double")))
  (func $neg (param "x" s32) (result s32) (canon lift (core func $i "neg")))
  (instance $inner (export "neg" (func $neg)))
  (instance $outer (export "double" (func $double)) (export "inner" (instance $inner)))
  (export "math" (instance $outer)))
