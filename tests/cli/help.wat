;; The help texts: snapshots keep `--help` and the docs from drifting apart.
;;
;; IGNORE: waiting for the command line; remove this line and bless once it lands
;;
;; RUN: --help
;; RUN[short]: -h
;; RUN[run]: run --help
;; RUN[wit]: wit --help
;; FAIL[no-arguments]:
;; FAIL[unknown-subcommand]: frobnicate
