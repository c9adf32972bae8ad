;; After a trap or an exhausted limit the instance is not used again: every later call in
;; the same run says so, and the exit status is that of the first failure.
;;
;; FAIL[trap]: run --invoke 'divide(1, 0)' --invoke 'divide(6, 3)' --invoke 'boom()' %fixtures/traps.wasm
;; FAIL[timeout]: run --timeout 200ms --invoke 'divide(6, 3)' --invoke 'spin()' --invoke 'divide(6, 3)' %fixtures/traps.wasm
;; A bad call is not a trap: every call is checked before the first runs, so nothing runs.
;; FAIL[bad-call]: run --invoke 'divide(6)' --invoke 'divide(6, 3)' %fixtures/traps.wasm
