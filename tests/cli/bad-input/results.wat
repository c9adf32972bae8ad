;; Results a guest cannot lift: each fails the call (exit 1) with one paragraph, no panic.
;; (fixture: wit/traps.wit)
;;
;; FAIL[bad-utf8]: run --invoke 'bad-utf8()' %fixtures/traps.wasm
;; FAIL[bad-pointer]: run --invoke 'bad-pointer()' %fixtures/traps.wasm
;; FAIL[bad-char]: run --invoke 'bad-char()' %fixtures/traps.wasm
;; FAIL[bad-enum]: run --invoke 'bad-enum()' %fixtures/traps.wasm
;; FAIL[misaligned]: run --invoke 'misaligned()' %fixtures/traps.wasm
;; FAIL[divide-by-zero]: run --invoke 'divide(1, 0)' %fixtures/traps.wasm
;; FAIL[overflow]: run --invoke 'divide(-2147483648, -1)' %fixtures/traps.wasm
;; FAIL[boom]: run --invoke 'boom()' %fixtures/traps.wasm
