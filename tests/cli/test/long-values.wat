;; Long values in failure blocks are shortened around their first difference, the rest
;; elided with counts; short ones are shown whole.
;;
;; FAIL: test %dir/../../spec/long/values.toml
