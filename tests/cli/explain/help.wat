;; The help text is part of the contract: options, defaults, examples, exit statuses.
;;
;; RUN: explain --help
