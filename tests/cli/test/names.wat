;; Test names are unique in a file: tests without a `name` that have the same calls get
;; their lines; two tests given the same `name` are a spec error.
;;
;; FAIL: test -v %dir/../../spec/names/unnamed.toml
;; FAIL[same-name]: test %dir/../../spec/broken/same-name.toml
