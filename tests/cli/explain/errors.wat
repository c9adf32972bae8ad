;; Failures and their exit statuses: 2 for bad usage or a bad call, 3 for a component or WIT
;; that cannot be read, 1 for a call that traps. A handle is passed by the name an earlier
;; `--invoke` bound it to (run-options.wat); a returned handle is called but not lifted.
;;
;; FAIL[unknown-function]: explain aera %fixtures/shapes.wasm
;; FAIL[unknown-call]: explain --invoke 'aera(point)' %fixtures/shapes.wasm
;; FAIL[bad-argument]: explain --invoke 'area(circle({radius: "big"}))' %fixtures/shapes.wasm
;; FAIL[missing-function]: explain %fixtures/shapes.wasm
;; FAIL[invoke-and-function]: explain --invoke 'area(point)' area %fixtures/shapes.wasm
;; FAIL[wit-and-component]: explain --wit %wit/shapes.wit area %fixtures/shapes.wasm
;; FAIL[missing-component]: explain area %tmpdir/nope.wasm
;; FAIL[core-module]: explain area %
;; FAIL[bad-wit]: explain --wit %tmpdir/nope.wit area
;; FAIL[wit-points-at-line]: explain --wit %dir/view/broken.wit --invoke 'f(1)'
;; FAIL[unknown-world]: explain --wit %wit/shapes.wit --world circles area
;; FAIL[unknown-wit-function]: explain --wit %wit/shapes.wit aera
;; FAIL[bad-base]: explain --base 0x1_0000_0000 area %fixtures/shapes.wasm
;; FAIL[trap]: explain --invoke 'divide(1, 0)' %fixtures/traps.wasm
;; FAIL[handle-argument]: explain --invoke 'consume(c)' %fixtures/resources.wasm
;; RUN[handle-result]: explain --invoke '[constructor]counter(5)' %fixtures/resources.wasm
;; RUN[wit-method]: explain --wit %wit/resources.wit '[method]counter.increment'

;; The file itself is a core module, not a component (for `core-module`).
(module)
