;; `explain --invoke` runs a call as `wavecall run` would, with the same options: calls from
;; files, several calls (the last is explained; earlier ones bind handles), mocks, links,
;; trapping stubs for missing imports, WASI grants, and the limits. A call that never ends
;; stops at `--timeout`, 10s when not given. Every call is checked before the first runs.
;;
;; RUN[call-from-file]: explain --invoke @%dir/calls/rect.wave %fixtures/shapes.wasm
;; RUN[call-from-stdin]: explain --invoke @- %fixtures/shapes.wasm < calls/rect.wave
;; RUN[method-on-handle]: explain --invoke 'c = [constructor]counter(5)' --invoke 'c.increment()' --invoke 'c.increment()' %fixtures/resources.wasm
;; FAIL[checked-first]: explain --invoke 'c = [constructor]counter(5)' --invoke 'c.increment()' --invoke 'c.incremnt()' %fixtures/resources.wasm
;; FAIL[drop-is-not-explained]: explain --invoke 'c = [constructor]counter(5)' --invoke 'c.drop()' %fixtures/resources.wasm
;; RUN[mock-and-link]: explain --link %dir/../../spec/components/dep.wat --mock 'my:app/log.write=()' --trap-unknown-imports --invoke 'config-plus(1)' %dir/../../spec/components/app.wat
;; The hint names flags that `explain` accepts, and they work.
;; FAIL[missing-import-hint]: explain --invoke 'answer()' %dir/../run/missing-imports.wat
;; RUN[trap-unknown-imports]: explain --trap-unknown-imports --invoke 'answer()' %dir/../run/missing-imports.wat
;; RUN[wasi-grant]: explain --env GREETING=hi --invoke 'env-var("GREETING")' %fixtures/wasi.wasm
;; RUN[wasi-denied]: explain --invoke 'env-var("GREETING")' %fixtures/wasi.wasm
;; FAIL[timeout]: explain --timeout 200ms --invoke 'spin()' %fixtures/traps.wasm
;; FAIL[wasmtime-fuel]: explain -W fuel=100000 --invoke 'spin()' %fixtures/traps.wasm
;; FAIL[start-function-loops]: explain --timeout 200ms --invoke 'f()' %dir/../limits/start.wat
;; FAIL[default-timeout]: explain --invoke 'spin()' %fixtures/traps.wasm
