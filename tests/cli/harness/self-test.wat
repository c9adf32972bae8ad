;; The harness itself: a directive that needs no component, so that `tests/cli` always has
;; a file that runs. (`wavecall` with no arguments is bad usage, exit status 2.)
;;
;; FAIL: --no-such-option
