;; `--trap-unknown-imports` stubs only what the host really lacks: on the real Rust importer
;; (`fixtures/real/pair`), which imports WASI 0.2.6 (served by wasmtime-wasi's 0.2.x) and the
;; provider's two interfaces, WASI stays real and only the provider's functions trap.
;;
;; RUN: run --trap-unknown-imports --invoke 'print-stdout("hi")' --invoke 'log-stderr("to stderr")' %dir/../../../fixtures/real/pair/importer.wasm
;; FAIL[missing-import-traps]: run --trap-unknown-imports --invoke 'print-stdout("before")' --invoke 'hello("x")' %dir/../../../fixtures/real/pair/importer.wasm
;; FAIL[without-the-flag]: run --invoke 'print-stdout("hi")' %dir/../../../fixtures/real/pair/importer.wasm
