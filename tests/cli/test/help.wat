;; `wavecall test --help`: the options and the exit status table the docs repeat.
;;
;; RUN: test --help
