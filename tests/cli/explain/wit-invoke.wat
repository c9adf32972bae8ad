;; `explain --wit PATH --invoke CALL`: the call is checked against the WIT's types and its
;; lowering shown; nothing is called (a WIT package has no code). Several calls are checked
;; in order, handles included; the last is explained.
;;
;; RUN[lowering]: explain --wit %wit/shapes.wit --invoke 'area(circle({radius: 1.0}))'
;; RUN[json]: explain --format json --wit %wit/shapes.wit --invoke 'area(point)'
;; RUN[strings]: explain --wit %wit/types.wit --invoke 'countdown("hé", 3)'
;; FAIL[wrong-type]: explain --wit %wit/shapes.wit --invoke 'area(circle({radius: "big"}))'
;; FAIL[unknown-function]: explain --wit %wit/shapes.wit --invoke 'aera(point)'
;; RUN[handles]: explain --wit %wit/resources.wit --invoke 'c = [constructor]counter(1)' --invoke 'c.increment()'
;; FAIL[unbound-handle]: explain --wit %wit/resources.wit --invoke 'c.increment()'
;; FAIL[with-component]: explain --wit %wit/shapes.wit --invoke 'area(point)' %fixtures/shapes.wasm
