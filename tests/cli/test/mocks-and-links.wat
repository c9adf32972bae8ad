;; Spec mocks that cannot be, on the real Rust pair (`fixtures/real/pair`): the same import
;; mocked twice under two spellings, and an import the spec's link provides. Spec errors with
;; their lines (status 2), found before any test runs.
;;
;; FAIL: test %dir/../../spec/broken/mocks-and-links.toml
