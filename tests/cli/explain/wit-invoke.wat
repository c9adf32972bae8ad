;; `explain --wit PATH --invoke CALL`: the call is checked against the WIT's types and its
;; lowering shown; nothing is called (a WIT package has no code) and no component is built.
;; Several calls are checked in order, handles included, with the messages a session gives
;; on a component; the last is explained.
;;
;; RUN[lowering]: explain --wit %wit/shapes.wit --invoke 'area(circle({radius: 1.0}))'
;; RUN[json]: explain --format json --wit %wit/shapes.wit --invoke 'area(point)'
;; RUN[strings]: explain --wit %wit/types.wit --invoke 'countdown("hé", 3)'
;; FAIL[wrong-type]: explain --wit %wit/shapes.wit --invoke 'area(circle({radius: "big"}))'
;; FAIL[unknown-function]: explain --wit %wit/shapes.wit --invoke 'aera(point)'
;; RUN[handles]: explain --wit %wit/resources.wit --invoke 'c = [constructor]counter(1)' --invoke 'c.increment()'
;; FAIL[unbound-handle]: explain --wit %wit/resources.wit --invoke 'c.increment()'
;; FAIL[with-component]: explain --wit %wit/shapes.wit --invoke 'area(point)' %fixtures/shapes.wasm
;; FAIL[no-such-method]: explain --wit %wit/resources.wit --invoke 'c = [constructor]counter(1)' --invoke 'c.incremnt()'
;; FAIL[moved-handle]: explain --wit %wit/resources.wit --invoke 'c = [constructor]counter(1)' --invoke 'consume(c)' --invoke 'c.increment()'
;; FAIL[dropped-handle]: explain --wit %wit/resources.wit --invoke 'c = [constructor]counter(1)' --invoke 'c.drop()' --invoke 'c.get()'
;; FAIL[drop-is-not-explained]: explain --wit %wit/resources.wit --invoke 'c = [constructor]counter(1)' --invoke 'drop(c)'
;; FAIL[bind-a-number]: explain --wit %wit/resources.wit --invoke 'n = dropped()'
;; RUN[static-and-numbered]: explain --wit %wit/resources.wit --invoke 'c = [constructor]counter(1)' --invoke 'd = [static]counter.merge(c, c)' --invoke 'api.consume(counter(0))'
;;
;; WIT written as interfaces with no world: each interface is exported, as a component
;; would export it, so its functions are called by any name form.
;; RUN[interfaces-only]: explain --only summary --wit %dir/view/interfaces.wit --invoke 'shout("hi")'
;; RUN[interfaces-qualified]: explain --only signature --wit %dir/view/interfaces.wit --invoke 'demo:math/calc@1.0.0.norm({x: 3.0, y: 4.0})'
;; FAIL[interfaces-unknown]: explain --wit %dir/view/interfaces.wit --invoke 'nope()'
