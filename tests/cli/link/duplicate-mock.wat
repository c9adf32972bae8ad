;; An import takes one mock: a second `--mock` for the same import, in the same spelling or
;; another, is a usage error (status 2) rather than silently the one that wins.
;;
;; FAIL: run --mock my:app/config.get=1 --mock my:app/config.get=2 --invoke 'config-plus(1)' %dir/../../spec/components/app.wat
;; FAIL[two-spellings]: run --mock my:app/config.get=1 --mock 'my:app/config#get=2' --invoke 'config-plus(1)' %dir/../../spec/components/app.wat
;; RUN[two-imports]: run --mock my:app/config.get=41 --mock 'my:app/log.write=()' --invoke 'config-plus(1)' --invoke 'log-twice()' %dir/../../spec/components/app.wat
