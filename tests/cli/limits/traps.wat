;; Each limit ends the call with a named error and exit status 1 (fixture: wit/traps.wit).
;;
;; FAIL[timeout]: run --timeout 200ms --invoke 'spin()' %fixtures/traps.wasm
;; FAIL[fuel]: run --fuel 100000 --invoke 'spin()' %fixtures/traps.wasm
;; RUN[fuel-enough]: run --fuel 100000 --invoke 'deep(100)' %fixtures/traps.wasm
;; FAIL[memory]: run --max-memory 1MiB --invoke 'hog(100)' %fixtures/traps.wasm
;; RUN[memory-within]: run --max-memory 1MiB --invoke 'hog(15)' %fixtures/traps.wasm
;; FAIL[stack-default]: run --invoke 'deep(100000000)' %fixtures/traps.wasm
;; FAIL[stack]: run --max-stack 64KiB --invoke 'deep(100000)' %fixtures/traps.wasm
;; RUN[stack-enough]: run --max-stack 64KiB --invoke 'deep(100)' %fixtures/traps.wasm
;; FAIL[stack-too-big]: run --max-stack 3MiB --invoke 'deep(1)' %fixtures/traps.wasm
;; FAIL[stack-zero]: run --max-stack 0 --invoke 'deep(1)' %fixtures/traps.wasm
;; FAIL[bad-size]: run --max-memory 12parsecs --invoke 'deep(1)' %fixtures/traps.wasm
;; FAIL[bad-duration]: run --timeout forever --invoke 'deep(1)' %fixtures/traps.wasm
;; Fuel and time are given to each call afresh, not shared by the session.
;; RUN[per-call]: run --fuel 100000 --invoke 'deep(1000)' --invoke 'deep(1000)' --invoke 'deep(1000)' %fixtures/traps.wasm
