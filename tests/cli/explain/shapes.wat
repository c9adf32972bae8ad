;; `wavecall explain` on the README example (wit/shapes.wit): a variant whose payload slots
;; join, a result that fits in one core value, a result returned through memory, the three
;; ways to name the function, and JSON.
;;
;; RUN: explain --invoke 'area(circle({radius: 1.0}))' %fixtures/shapes.wasm
;; RUN[point]: explain --invoke 'area(point)' %fixtures/shapes.wasm
;; RUN[return-area]: explain --invoke 'scale(rect({width: 1.0, height: 2.0}), 0.5)' %fixtures/shapes.wasm
;; RUN[signature]: explain scale %fixtures/shapes.wasm
;; RUN[wit]: explain --wit %wit/shapes.wit --world shapes area
;; RUN[wit-only-world]: explain --wit %wit/shapes.wit perimeter
;; RUN[json]: explain --format json --invoke 'area(circle({radius: 1.0}))' %fixtures/shapes.wasm
;; RUN[json-signature]: explain --format json area %fixtures/shapes.wasm
;; RUN[base]: explain --base 0x400 --invoke 'scale(circle({radius: 2.0}), 3.0)' %fixtures/shapes.wasm
