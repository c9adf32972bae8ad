;; A record exported at the root and used by a root function: valid, run by Wasmtime, but
;; wit-parser 0.254 cannot decode it ("component export `t0` was not a function or
;; instance"). `wit` and `explain` rebuild the WIT from the component's own types, name the
;; record after its export, and say on standard error that the WIT names are partial.
;;
;; RUN[wit]: wit %
;; RUN[wit-json]: wit --format json %
;; RUN[signature]: explain sum %
;; RUN[call]: explain --invoke 'sum({a: 1, b: 2})' %
;; RUN[run]: run --invoke 'sum({a: 40, b: 2})' %
;; The record's name appears in errors too.
;; FAIL[missing-field]: run --invoke 'sum({a: 1})' %
(component
  (core module $m
    (func (export "sum") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
  (core instance $i (instantiate $m))
  (type $pair (record (field "a" u32) (field "b" u32)))
  (export $t0 "t0" (type $pair))
  (func (export "sum") (param "r" $t0) (result u32)
    (canon lift (core func $i "sum"))))
