;; `--color`: `error:` and `help:` in colour on standard error when asked, never by default
;; into a file or a pipe (the harness sets `NO_COLOR=1`; `always` overrides it).
;;
;; FAIL[always]: --color always run --invoke 'aera(point)' %fixtures/shapes.wasm
;; FAIL[never]: --color never run --invoke 'aera(point)' %fixtures/shapes.wasm
;; FAIL[auto]: run --color auto --invoke 'aera(point)' %fixtures/shapes.wasm
;; FAIL[bad-choice]: --color sometimes run --invoke 'area(point)' %fixtures/shapes.wasm
;; FAIL[test-always]: --color always test %dir/specs
;; RUN[test-pass-always]: -v --color always test %dir/specs/pass.toml
