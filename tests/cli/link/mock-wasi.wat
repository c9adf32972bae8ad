;; A mock on a component that imports WASI leaves WASI alone: the real Rust importer
;; (`fixtures/real/pair`) prints through `wasi:cli/stdout` while `greet` is mocked, and the
;; provider's `counters`, neither mocked nor linked, traps only when called.
;;
;; RUN: run --mock 'wavecall:pair/greetings.greet="mocked"' --invoke 'hello("bob")' --invoke 'print-stdout("still printing")' %dir/../../../fixtures/real/pair/importer.wasm
;; FAIL[unmocked-import-traps]: run --mock 'wavecall:pair/greetings.greet="mocked"' --invoke 'count("c", 1, 1)' %dir/../../../fixtures/real/pair/importer.wasm
;;
;; Mocking one WASI function replaces only that one: the rest of its interface stays WASI's
;; (`get-arguments` beside the mocked `get-environment`).
;;
;; RUN[one-wasi-function]: run --mock 'wasi:cli/environment.get-environment=[("A", "b")]' --invoke 'env-var("A")' --invoke 'args()' %fixtures/wasi.wasm one
