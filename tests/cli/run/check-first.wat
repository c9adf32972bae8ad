;; Every `--invoke` is parsed and type-checked before the first one runs: a mistake in a
;; later call leaves nothing half done (no output, exit status 2). Names bound by earlier
;; calls are checked by the resource type their call returns: methods, moves and drops.
;;
;; FAIL[wrong-type-third]: run --invoke 'echo-u32(1)' --invoke 'echo-u32(2)' --invoke 'echo-u32("three")' %fixtures/types.wasm
;; FAIL[typo-in-method]: run --invoke 'c = [constructor]counter(1)' --invoke 'c.increment()' --invoke 'c.incremnt()' %fixtures/resources.wasm
;; FAIL[moved-twice]: run --invoke 'c = [constructor]counter(1)' --invoke 'consume(c)' --invoke 'consume(c)' %fixtures/resources.wasm
;; FAIL[used-after-drop]: run --invoke 'c = [constructor]counter(1)' --invoke 'drop(c)' --invoke 'consume(c)' %fixtures/resources.wasm
;; FAIL[never-bound]: run --invoke 'd = [constructor]counter(1)' --invoke 'consume(c)' %fixtures/resources.wasm
;; FAIL[bind-nothing]: run --invoke 'echo-u32(1)' --invoke 'n = echo-u32(2)' %fixtures/types.wasm
;; Bindings, methods on them, moves, drops and numbered handles that are right pass the
;; check and run.
;; RUN[valid-sequence]: run --invoke 'c = [constructor]counter(1)' --invoke 'c.increment()' --invoke 'd = counter.merge(c, c)' --invoke 'consume(d)' --invoke 'c.drop()' --invoke 'make-pair()' --invoke 'consume(counter(3))' %fixtures/resources.wasm
