;; The help texts: snapshots keep `--help` and the docs from drifting apart.
;;
;; RUN: --help
;; RUN[short]: -h
;; RUN[run]: run --help
;; RUN[wit]: wit --help
;; RUN[repl]: repl --help
;; RUN[version]: --version
;; RUN[version-short]: -V
;; FAIL[no-arguments]:
;; FAIL[unknown-subcommand]: frobnicate
