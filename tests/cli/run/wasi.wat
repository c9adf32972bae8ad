;; A WASI 0.2 command (wit/wasi/): run as a command when there is no --invoke, with its
;; arguments after the component; the sandbox grants nothing unless asked.
;;
;; RUN[command]: run %fixtures/wasi.wasm
;; RUN[command-args]: run %fixtures/wasi.wasm one 'two words' --not-an-option
;; FAIL[command-returns-err]: run %fixtures/wasi.wasm fail
;; FAIL[command-exits]: run %fixtures/wasi.wasm exit never-printed
;; RUN[args-export]: run --invoke 'args()' %fixtures/wasi.wasm a b
;; RUN[env-denied-by-default]: run --invoke 'env-var("HOME")' --invoke 'env-var("PATH")' %fixtures/wasi.wasm
;; RUN[env-given]: run --env GREETING=hi --env EMPTY= --invoke 'env-var("GREETING")' --invoke 'env-var("EMPTY")' --invoke 'env-var("OTHER")' %fixtures/wasi.wasm
;; RUN[env-inherited]: run --env WAVECALL_CACHE_DIR --invoke 'env-var("WAVECALL_CACHE_DIR")' %fixtures/wasi.wasm
;; RUN[invoke-run-export]: run --invoke 'run()' %fixtures/wasi.wasm x
;; RUN[files-denied-by-default]: run --invoke 'read-file("data.txt")' %fixtures/wasi.wasm
;; RUN[dir-missing-file]: run --dir %tmpdir --invoke 'read-file("missing.txt")' %fixtures/wasi.wasm
;; RUN[dir-escape]: run --dir %tmpdir::/ --invoke 'read-file("../etc/passwd")' --invoke 'read-file("/etc/passwd")' %fixtures/wasi.wasm
;; RUN[symlink-escape]: run --dir %dir/data::/ --invoke 'read-file("passwd-link")' --invoke 'read-file("up-link/run/data/hello.txt")' --invoke 'read-file("hello.txt")' %fixtures/wasi.wasm
;; RUN[max-output]: run --max-output 10 %fixtures/wasi.wasm one two
;; RUN[dir-read]: run --dir %dir/data::/ --invoke 'read-file("hello.txt")' --invoke 'read-file("../hello.txt")' %fixtures/wasi.wasm
;; RUN[dir-same-path]: run --dir %dir/data --invoke 'read-file("hello.txt")' %fixtures/wasi.wasm
;; FAIL[dir-not-there]: run --dir %tmpdir/nope --invoke 'read-file("x")' %fixtures/wasi.wasm
