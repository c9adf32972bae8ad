;; GitHub Actions annotations: each failure an `::error` workflow command at its spec line
;; (the line of the failing call), with `--report github` or when `GITHUB_ACTIONS=true`;
;; messages escape `%`, CR and LF, properties also `:` and `,`. Spec errors point at
;; their line too.
;;
;; FAIL: test --report github %dir/../../spec/failing/values.toml
;; FAIL[env]: GITHUB_ACTIONS=true test -q %dir/../../spec/failing/values.toml
;; FAIL[spec-error]: test --report github %dir/../../spec/broken/bad-values.toml
;; RUN[passing]: GITHUB_ACTIONS=true test %dir/../../spec/shapes.toml
;; FAIL[file]: test --report github=%tmpdir/annotations.txt %dir/../../spec/failing/values.toml
;; A title holding `:` (a property's name) is escaped as the runner wants: `%3A`.
;; FAIL[escaped]: test --report github --seed 1 --filter 'echo-u32' --component %fixtures/buggy.wasm %dir/../../spec/properties/buggy.toml
