;; The exit-code contract (issues 16.9, 9.15): every error is classified on purpose. Reading
;; standard input twice, a `--dir` that is no directory (in `run` and in a spec), an output
;; that cannot be written (a `--report`, standard output) are usage errors, exit status 2,
;; never 1, which means that a call or a test failed.
;;
;; FAIL[stdin-component-and-call]: run --invoke @- - < one.call
;; FAIL[stdin-call-twice]: run --invoke @- --invoke @- %fixtures/types.wasm < one.call
;; FAIL[run-missing-dir]: run --dir %tmpdir/no-such-directory --invoke 'echo-u8(1)' %fixtures/types.wasm
;; FAIL[spec-missing-dir]: test --component %fixtures/types.wasm %dir/specs/missing-dir.toml
;; FAIL[report-unwritable]: test --report junit=%tmpdir/no-such-folder/r.xml --report json=%tmpdir/r.json --component %fixtures/types.wasm %dir/specs/echo.toml
;; FAIL[report-on-failure]: test --report junit=%tmpdir/no-such-folder/r.xml --component %fixtures/types.wasm %dir/specs/fails.toml
;; FAIL[output-unwritable]: compile -o %tmpdir/no-such-folder/t.cwasm %fixtures/types.wasm
;; FAIL[output-directory]: compile -o %tmpdir %fixtures/types.wasm
