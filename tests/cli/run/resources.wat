;; Handles of the `counter` resource (wit/resources.wit, interface `wavecall:res/api`):
;; bindings, the three spellings of a method call, statics, own and borrow parameters,
;; handles in results.
;;
;; RUN[bind-and-method]: run --invoke 'c = [constructor]counter(5)' --invoke 'c.increment()' --invoke 'c.increment()' --invoke 'c.get()' %fixtures/resources.wasm
;; RUN[method-spellings]: run --invoke 'c = [constructor]counter(5)' --invoke 'c.increment()' --invoke '[method]counter.increment(c)' --invoke '[method]counter.increment(counter(0))' --invoke 'wavecall:res/api.[method]counter.get(c)' %fixtures/resources.wasm
;; RUN[unbound-handle]: run --invoke '[constructor]counter(1)' --invoke '[method]counter.get(counter(0))' %fixtures/resources.wasm
;; RUN[static]: run --invoke 'c = [constructor]counter(5)' --invoke 'd = [constructor]counter(7)' --invoke 'm = counter.merge(c, d)' --invoke 'm.get()' --invoke '[static]counter.merge(m, c)' --invoke 'c.get()' --invoke 'd.get()' %fixtures/resources.wasm
;; RUN[own-parameter]: run --invoke 'c = [constructor]counter(3)' --invoke 'dropped()' --invoke 'consume(c)' --invoke 'dropped()' %fixtures/resources.wasm
;; RUN[handles-in-tuple]: run --invoke 'make-pair()' --invoke '[method]counter.get(counter(0))' --invoke '[method]counter.get(counter(1))' --invoke 'consume(counter(1))' %fixtures/resources.wasm
;; RUN[drop]: run --invoke 'c = [constructor]counter(3)' --invoke 'c.drop()' --invoke 'dropped()' --invoke 'd = [constructor]counter(4)' --invoke 'drop(d)' --invoke 'dropped()' %fixtures/resources.wasm
;; RUN[json]: run --format json --invoke 'c = [constructor]counter(5)' --invoke 'c.increment()' --invoke 'make-pair()' %fixtures/resources.wasm
;; FAIL[use-after-move]: run --invoke 'c = [constructor]counter(3)' --invoke 'consume(c)' --invoke 'c.get()' %fixtures/resources.wasm
;; FAIL[use-after-drop]: run --invoke 'c = [constructor]counter(3)' --invoke 'c.drop()' --invoke 'c.get()' %fixtures/resources.wasm
;; FAIL[unknown-binding]: run --invoke 'x.get()' %fixtures/resources.wasm
;; FAIL[unknown-handle-number]: run --invoke '[method]counter.get(counter(9))' %fixtures/resources.wasm
;; FAIL[bind-two-handles]: run --invoke 'p = make-pair()' %fixtures/resources.wasm
;; FAIL[bind-no-handle]: run --invoke 'n = dropped()' %fixtures/resources.wasm
;; RUN[rebind]: run --invoke 'c = [constructor]counter(1)' --invoke 'c = [constructor]counter(2)' --invoke 'c.get()' %fixtures/resources.wasm
;; FAIL[number-for-handle]: run --invoke 'consume(5)' %fixtures/resources.wasm
;; FAIL[unknown-method]: run --invoke 'c = [constructor]counter(1)' --invoke 'c.decrement()' %fixtures/resources.wasm
;; FAIL[missing-constructor-argument]: run --invoke '[constructor]counter()' %fixtures/resources.wasm
