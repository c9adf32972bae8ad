;; The README example: `shapes` (wit/shapes.wit), every function and every case of `shape`.
;;
;; RUN: run --invoke 'area(circle({radius: 1.0}))' %fixtures/shapes.wasm
;; RUN[area-rect]: run --invoke 'area(rect({width: 2.0, height: 3.5}))' %fixtures/shapes.wasm
;; RUN[area-point]: run --invoke 'area(point)' %fixtures/shapes.wasm
;; RUN[perimeter-circle]: run --invoke 'perimeter(circle({radius: 0.5}))' %fixtures/shapes.wasm
;; RUN[perimeter-rect]: run --invoke 'perimeter(rect({width: 2.0, height: 3.5}))' %fixtures/shapes.wasm
;; RUN[scale-circle]: run --invoke 'scale(circle({radius: 1.5}), 2.0)' %fixtures/shapes.wasm
;; RUN[scale-rect]: run --invoke 'scale(rect({width: 1.0, height: 2.0}), 0.5)' %fixtures/shapes.wasm
;; RUN[scale-point]: run --invoke 'scale(point, 3.0)' %fixtures/shapes.wasm
;; FAIL[unknown-case]: run --invoke 'area(square({side: 1.0}))' %fixtures/shapes.wasm
;; FAIL[unknown-function]: run --invoke 'aera(point)' %fixtures/shapes.wasm
;; FAIL[missing-argument]: run --invoke 'scale(point)' %fixtures/shapes.wasm
;; FAIL[unknown-field]: run --invoke 'area(circle({radius: 1.0, colour: 2}))' %fixtures/shapes.wasm
;; FAIL[syntax]: run --invoke 'area(circle({radius: 1.0})' %fixtures/shapes.wasm
;; FAIL[missing-file]: run --invoke 'area(point)' %tmpdir/nope.wasm
