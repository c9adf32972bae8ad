;; `wavecall run --expect`, `--fail-on-err`, `--mock` and `--link`.
;;
;; RUN: run --invoke 'area(circle({radius: 1.0}))' --expect 3.1415927 %dir/../../../examples/shapes.wasm
;; RUN[record]: run --invoke 'scale(rect({width: 1.0, height: 2.0}), 0.5)' --expect 'rect({height: 1.0, width: 0.5})' %dir/../../../examples/shapes.wasm
;; FAIL[differs]: run --invoke 'area(point)' --expect 1 %dir/../../../examples/shapes.wasm
;; FAIL[bad-expect]: run --invoke 'area(point)' --expect '"zero"' %dir/../../../examples/shapes.wasm
;; RUN[ok]: run --invoke 'safe-div(7, 2)' --fail-on-err --mock my:app/config.get=1 %dir/../../spec/components/app.wat
;; FAIL[err]: run --invoke 'safe-div(7, 0)' --fail-on-err --mock my:app/config.get=1 %dir/../../spec/components/app.wat
;; RUN[mock]: run --mock my:app/config.get=41 --invoke 'config-plus(1)' %dir/../../spec/components/app.wat
;; FAIL[bad-mock]: run --mock 'my:app/config.get="blue"' --invoke 'config-plus(1)' %dir/../../spec/components/app.wat
;; FAIL[unmocked]: run --mock my:app/config.get=41 --invoke 'poke()' %dir/../../spec/components/app.wat
;; RUN[link]: run --link %dir/../../spec/components/dep.wat --invoke 'config-plus(1)' %dir/../../spec/components/app.wat
;; FAIL[missing-imports]: run --invoke 'add(1, 2)' %dir/../../spec/components/app.wat
