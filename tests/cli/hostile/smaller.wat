;; Smaller holes (issue 16.11). `--max-output 0` drops all guest output and says so once.
;; A binding name is a WAVE label that is not a keyword: `none`, `some`, `ok`, `err`,
;; `true`, `false`, `inf` and `nan` would be read back as values, and `my_c` not at all.
;;
;; RUN[max-output-zero]: run --max-output 0 %fixtures/wasi.wasm one two
;; FAIL[bind-none]: run --invoke 'none = [constructor]counter(1)' %fixtures/resources.wasm
;; FAIL[bind-some]: run --invoke 'some = [constructor]counter(1)' %fixtures/resources.wasm
;; FAIL[bind-nan]: run --invoke 'nan = [constructor]counter(1)' %fixtures/resources.wasm
;; FAIL[bind-underscore]: run --invoke 'my_c = [constructor]counter(1)' %fixtures/resources.wasm
;; FAIL[bind-mixed-case]: run --invoke 'myC = [constructor]counter(1)' %fixtures/resources.wasm
;; RUN[bind-label]: run --invoke 'my-c2 = [constructor]counter(1)' --invoke 'consume(my-c2)' %fixtures/resources.wasm
;; RUN[bind-capitals]: run --invoke 'C = [constructor]counter(2)' --invoke 'consume(C)' %fixtures/resources.wasm
;; RUN[bind-keyword-prefix]: run --invoke 'none-1 = [constructor]counter(3)' --invoke 'consume(none-1)' %fixtures/resources.wasm
