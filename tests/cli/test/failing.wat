;; A spec whose tests fail: each failure block names the spec line, the call, the expected
;; and actual values as WAVE and, for traps, the message. Exit status 1.
;;
;; FAIL: test %dir/../../spec/failing/values.toml
;; FAIL[filtered]: test -v --filter trap %dir/../../spec/failing/values.toml
