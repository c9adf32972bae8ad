;; A run that selects no test fails with exit status 4 and says why, so that a typo in a CI
;; path or filter cannot pass: a filter that matches nothing, a folder without specs, a spec
;; without tests. `--allow-empty` makes it a pass; a broken spec still exits with 2.
;;
;; FAIL[filter]: test --filter nothing-matches %dir/../../spec/shapes.toml
;; FAIL[folder]: test %tmpdir
;; FAIL[no-tests]: test %dir/../../spec/empty/no-tests.toml
;; RUN[allowed]: test --allow-empty --filter nothing-matches %dir/../../spec/shapes.toml
;; FAIL[broken-spec-wins]: test --filter nothing-matches %dir/../../spec/broken/unknown-key.toml
