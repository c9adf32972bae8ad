;; `explain --base` near 4 GiB (issue 16.8): a block that would run past the top of a 32-bit
;; memory is an error that says why (exit status 2), for the arguments and for the result;
;; never an address that wraps to 0.
;;
;; FAIL[arguments]: explain --base 0xfffffff0 --invoke 'echo-string("hello world, hi!")' %fixtures/types.wasm
;; FAIL[result]: explain --base 0xffffffe0 --invoke 'echo-string("hello world, hi!")' %fixtures/types.wasm
;; FAIL[top]: explain --base 4294967295 --invoke 'echo-string("")' %fixtures/types.wasm
;; RUN[fits]: explain --base 0xffffff00 --invoke 'echo-string("hello world, hi!")' %fixtures/types.wasm
