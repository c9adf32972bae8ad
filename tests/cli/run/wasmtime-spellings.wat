;; `wasmtime run`'s spellings of wavecall's flags are accepted where they mean the same:
;; `-W fuel=N`, `-W timeout=…`, `-W max-memory-size=…`, `-W max-wasm-stack=…`,
;; `-W unknown-imports-trap`, `-S inherit-env`, `-S inherit-network`. Every other key gets a
;; one-line pointer to the wavecall flag that does the job, or a plain "not supported" (2).
;;
;; RUN[fuel-enough]: run -W fuel=100000 --invoke 'deep(10)' %fixtures/traps.wasm
;; FAIL[fuel]: run -W fuel=100000 --invoke 'spin()' %fixtures/traps.wasm
;; FAIL[timeout]: run -W timeout=200ms --invoke 'spin()' %fixtures/traps.wasm
;; FAIL[max-memory-size]: run -W max-memory-size=1MiB --invoke 'hog(100)' %fixtures/traps.wasm
;; FAIL[max-wasm-stack]: run -W max-wasm-stack=65536 --invoke 'deep(100000)' %fixtures/traps.wasm
;; FAIL[comma-separated]: run -W fuel=100000,timeout=10s --invoke 'spin()' %fixtures/traps.wasm
;; FAIL[unknown-imports-trap]: run -W unknown-imports-trap=y --invoke 'answer()' --invoke 'use-config()' %dir/missing-imports.wat
;; RUN[inherit-env]: run -S inherit-env --invoke 'env-var("NO_COLOR")' %fixtures/wasi.wasm
;; RUN[inherit-env-then-env]: run -S inherit-env --env NO_COLOR=0 --invoke 'env-var("NO_COLOR")' %fixtures/wasi.wasm
;; RUN[inherit-env-flag]: run --inherit-env --invoke 'env-var("NO_COLOR")' %fixtures/wasi.wasm
;; RUN[inherit-network]: run -S inherit-network --invoke 'bind-tcp(0)' %fixtures/sockets.wasm
;; FAIL[table-elements]: run -W max-table-elements=100 --invoke 'deep(1)' %fixtures/traps.wasm
;; FAIL[unknown-imports-default]: run -W unknown-imports-default --invoke 'deep(1)' %fixtures/traps.wasm
;; FAIL[simd]: run -W simd=n --invoke 'deep(1)' %fixtures/traps.wasm
;; FAIL[tcp]: run -S tcp=y --invoke 'bind-tcp(0)' %fixtures/sockets.wasm
;; FAIL[http]: run -S http --invoke 'deep(1)' %fixtures/traps.wasm
;; FAIL[fuel-without-value]: run -W fuel --invoke 'deep(1)' %fixtures/traps.wasm
;; FAIL[given-twice]: run --fuel 5 -W fuel=6 --invoke 'deep(1)' %fixtures/traps.wasm
;; FAIL[help]: run -W help %fixtures/traps.wasm
