;; `-q`/`--quiet` is global: it silences the progress line of a slow compile (printed only
;; when standard error is a terminal, so never in these tests; the line itself is tested in
;; `src/cli/progress.rs`) and changes nothing else.
;;
;; RUN[before-the-command]: -q run --invoke 'area(point)' %fixtures/shapes.wasm
;; RUN[after-the-command]: run --quiet --invoke 'area(point)' %fixtures/shapes.wasm
;; FAIL[errors-still-shown]: run -q --invoke 'aera(point)' %fixtures/shapes.wasm
