;; Files that are not usable components: each is a load error (exit 3) in one paragraph.
;;
;; FAIL[truncated]: run --invoke 'f()' - < truncated.wasm
;; FAIL[garbage]: run --invoke 'f()' - < garbage.wasm
;; FAIL[empty]: run --invoke 'f()' - < empty.wasm
;; FAIL[core-module]: run --invoke 'f()' - < core.wasm
;; FAIL[future-version]: run --invoke 'f()' - < future.wasm
;; FAIL[bad-text]: run --invoke 'f()' - < call-text.wat
;; FAIL[directory]: run --invoke 'f()' %tmpdir
;; FAIL[missing]: run --invoke 'f()' %tmpdir/missing.wasm
