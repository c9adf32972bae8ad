;; `wavecall completions` and `wavecall man`: generated from the command line's definitions
;; (tests/shell.rs loads the scripts in their shells and renders the page); the errors.
;;
;; FAIL[unknown-shell]: completions tcsh
;; FAIL[unknown-page]: man nope
;; RUN[page-head]: man wit
