;; `--color`: `error:` and `help:` in colour on standard error when asked, never by default
;; into a file or a pipe (the harness sets `NO_COLOR=1`; `always` overrides it).
;;
;; FAIL[always]: --color always run --invoke 'aera(point)' %fixtures/shapes.wasm
;; FAIL[never]: --color never run --invoke 'aera(point)' %fixtures/shapes.wasm
;; FAIL[auto]: run --color auto --invoke 'aera(point)' %fixtures/shapes.wasm
;; FAIL[bad-choice]: --color sometimes run --invoke 'area(point)' %fixtures/shapes.wasm
;; FAIL[test-always]: --color always test %dir/specs
;; RUN[test-pass-always]: -v --color always test %dir/specs/pass.toml
;; `explain` follows `--color` as `run` and `test` do; `NO_COLOR` (set by the harness) keeps
;; `auto` plain.
;; FAIL[explain-always]: --color always explain --invoke 'aera(point)' %fixtures/shapes.wasm
;; FAIL[explain-auto]: explain --invoke 'aera(point)' %fixtures/shapes.wasm
;; In a failure, the part of a long value that differs is underlined in both values, and
;; the summary's counts are coloured.
;; FAIL[test-diff]: --color always test %dir/../../spec/long/values.toml
;; FAIL[test-never]: --color never test %dir/../../spec/long/values.toml
