;; What `explain` shows as text: a summary first, then every part; `--only PART` (several
;; allowed, shown in the usual order) shows some; `--brief` drops the paragraphs that
;; explain a rule; columns fit their content and a path too long for its column wraps onto
;; a line of its own; on a terminal each field's bytes and label share a colour.
;;
;; RUN[only-summary]: explain --only summary --invoke 'greet("hé", ["", "ab"])' %fixtures/echo.wasm
;; RUN[only-layout]: explain --only layout --wit %wit/echo.wit greet
;; RUN[only-signature]: explain --only signature --wit %wit/many-params.wit sum17
;; RUN[only-lowering]: explain --only lowering --wit %wit/echo.wit --invoke 'greet("hé", ["", "ab"])'
;; RUN[only-memory]: explain --only memory --wit %wit/echo.wit --invoke 'greet("hé", ["", "ab"])'
;; RUN[only-memory-empty]: explain --only memory --wit %wit/shapes.wit --invoke 'area(point)'
;; RUN[only-lifting]: explain --only lifting --invoke 'countdown("go", 3)' %fixtures/types.wasm
;; RUN[several]: explain --only memory --only summary --wit %wit/echo.wit --invoke 'greet("hé", ["", "ab"])'
;; RUN[brief]: explain --brief --invoke 'scale(rect({width: 1.0, height: 2.0}), 0.5)' %fixtures/shapes.wasm
;; RUN[brief-signature]: explain --brief --wit %wit/shapes.wit scale
;; RUN[result]: explain --wit %wit/shapes.wit --invoke 'scale(point, 2.0)' --result 'rect({width: 1.0, height: 0.5})'
;; RUN[long-paths]: explain --only lowering --only memory --only lifting --wit %dir/view/long-names.wit --invoke 'configure({nested-configuration-value: {a-rather-long-field-name: 7, short: 1}})' --result '{nested-configuration-value: {a-rather-long-field-name: 8, short: 2}}'
;; RUN[color]: --color always explain --only memory --wit %wit/echo.wit --invoke 'greet("hé", ["", "ab"])'
;; RUN[color-never]: --color never explain --only memory --wit %wit/echo.wit --invoke 'greet("hé", ["", "ab"])'
;; FAIL[bad-result]: explain --wit %wit/shapes.wit --invoke 'scale(point, 2.0)' --result 'rect({width: 1.0})'
;; FAIL[result-without-wit]: explain --result 1.0 --invoke 'area(point)' %fixtures/shapes.wasm
;; FAIL[only-needs-call]: explain --only lowering --wit %wit/shapes.wit area
;; FAIL[only-and-json]: explain --only layout --format json --wit %wit/shapes.wit area
;; FAIL[unknown-part]: explain --only bytes --wit %wit/shapes.wit area
