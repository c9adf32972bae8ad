;; `--fail-fast` starts no test after the first failure: the rest are counted as not run
;; (one job, so that the order is fixed).
;;
;; FAIL: test -j 1 --fail-fast %dir/../../spec/failing/values.toml %dir/../../spec/shapes.toml
;; FAIL[without]: test -j 1 -q %dir/../../spec/failing/values.toml %dir/../../spec/shapes.toml
