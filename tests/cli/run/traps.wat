;; Calls that fail at run time (wit/traps.wit), and the limits that stop runaway guests
;; (a memory limit makes `memory.grow` fail, which the guest sees as 4294967295).
;; A trap or a limit is exit status 1.
;;
;; RUN[working]: run --invoke 'divide(7, 2)' --invoke 'divide(-7, 2)' --invoke 'deep(100)' --invoke 'hog(1)' %fixtures/traps.wasm
;; FAIL[unreachable]: run --invoke 'boom()' %fixtures/traps.wasm
;; FAIL[divide-by-zero]: run --invoke 'divide(1, 0)' %fixtures/traps.wasm
;; FAIL[overflow]: run --invoke 'divide(-2147483648, -1)' %fixtures/traps.wasm
;; FAIL[results-before-trap]: run --invoke 'divide(6, 3)' --invoke 'boom()' --invoke 'divide(8, 2)' %fixtures/traps.wasm
;; FAIL[timeout]: run --timeout 200ms --invoke 'spin()' %fixtures/traps.wasm
;; FAIL[fuel]: run --fuel 100000 --invoke 'spin()' %fixtures/traps.wasm
;; RUN[enough-fuel]: run --fuel 100000 --invoke 'deep(10)' %fixtures/traps.wasm
;; RUN[hog-within-limit]: run --max-memory 1MiB --invoke 'hog(10)' %fixtures/traps.wasm
;; FAIL[hog-over-limit]: run --max-memory 1MiB --invoke 'hog(100)' %fixtures/traps.wasm
;; FAIL[stack-overflow]: run --invoke 'deep(100000000)' %fixtures/traps.wasm
;; FAIL[small-stack]: run --max-stack 64KiB --invoke 'deep(100000)' %fixtures/traps.wasm
;; FAIL[bad-utf8]: run --invoke 'bad-utf8()' %fixtures/traps.wasm
;; FAIL[bad-pointer]: run --invoke 'bad-pointer()' %fixtures/traps.wasm
;; FAIL[bad-char]: run --invoke 'bad-char()' %fixtures/traps.wasm
;; FAIL[bad-enum]: run --invoke 'bad-enum()' %fixtures/traps.wasm
;; FAIL[misaligned]: run --invoke 'misaligned()' %fixtures/traps.wasm
;; FAIL[bad-timeout]: run --timeout forever --invoke 'spin()' %fixtures/traps.wasm
