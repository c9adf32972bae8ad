;; `run --format json`: standard output carries the JSON documents alone, one a line, so
;; that it parses; what the guest writes to its stdout goes to standard error, cut at
;; `--max-output`. With WAVE output the guest's stdout stays on stdout, as with
;; `wasmtime run --invoke`.
;;
;; RUN: run --format json --invoke 'print("hello\n")' --invoke 'eprint("to stderr\n")' --invoke 'print("again\n")' %fixtures/stdio.wasm
;; RUN[max-output]: run --format json --max-output 8 --invoke 'repeat("0123456789", 3)' --invoke 'print("more\n")' %fixtures/stdio.wasm
;; FAIL[trap]: run --format json --invoke 'print-then-trap("out\n", "err\n")' %fixtures/stdio.wasm
;; RUN[wave]: run --invoke 'print("hello\n")' --invoke 'eprint("to stderr\n")' %fixtures/stdio.wasm
