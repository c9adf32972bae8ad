;; A `.cwasm` from a plain `wavecall compile` given to `wavecall test` (issue 16.10): the
;; error says what really differs (`test` gives every test a timeout, so it needs epoch
;; interruption compiled in) and the command that compiles for it. `run` with other limits
;; than the artifact's gets the same diagnosis.
;;
;; RUN[compile-plain]: compile -o %tmpdir/plain.cwasm %fixtures/types.wasm
;; FAIL[test-plain]: test --component %tmpdir/plain.cwasm %dir/specs/echo.toml
;; FAIL[run-with-fuel]: run --fuel 1000 --invoke 'echo-u8(1)' %tmpdir/plain.cwasm
;; RUN[compile-for-test]: compile --timeout 10s -o %tmpdir/timed.cwasm %fixtures/types.wasm
;; RUN[test-timed]: test --component %tmpdir/timed.cwasm %dir/specs/echo.toml
;; FAIL[run-timed-without]: run --invoke 'echo-u8(1)' %tmpdir/timed.cwasm
