;; A resource exported at the root with its constructor and methods, as a learner writes it
;; by hand: wit-parser cannot decode it, Wasmtime runs it. `explain` explains a method call
;; on a handle bound by an earlier `--invoke` (the handle's own lowering is known only to
;; Wasmtime while it calls, and the report says so).
;;
;; RUN[wit]: wit %
;; RUN[signature]: explain '[method]counter.plus' %
;; RUN[method-call]: explain --invoke 'c = [constructor]counter(5)' --invoke 'c.plus(2)' %
;; RUN[method-call-json]: explain --format json --invoke 'c = [constructor]counter(5)' --invoke 'c.plus(2)' %
;; RUN[run]: run --invoke 'c = [constructor]counter(5)' --invoke 'c.get()' --invoke 'c.plus(2)' %
(component
  (type $counter (resource (rep i32)))
  (core func $new (canon resource.new $counter))
  (core module $m
    (import "" "new" (func $new (param i32) (result i32)))
    (func (export "ctor") (param i32) (result i32) local.get 0 call $new)
    ;; A borrow of the component's own resource arrives as its representation.
    (func (export "get") (param i32) (result i32) local.get 0)
    (func (export "plus") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
  (core instance $i (instantiate $m (with "" (instance (export "new" (func $new))))))
  (export $c "counter" (type $counter))
  (func (export "[constructor]counter") (param "init" u32) (result (own $c))
    (canon lift (core func $i "ctor")))
  (func (export "[method]counter.get") (param "self" (borrow $c)) (result u32)
    (canon lift (core func $i "get")))
  (func (export "[method]counter.plus") (param "self" (borrow $c)) (param "n" u32) (result u32)
    (canon lift (core func $i "plus"))))
