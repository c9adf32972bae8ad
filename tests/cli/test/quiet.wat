;; `-q` prints only failures, without what the guest wrote, and the summary; `-v` loses
;; to it.
;;
;; FAIL: -q test --component %fixtures/stdio.wasm %dir/../../spec/output/guest-output.toml
;; FAIL[over-verbose]: -q -v test -j 1 --component %fixtures/stdio.wasm %dir/../../spec/output/guest-output.toml %dir/../../spec/shapes.toml
