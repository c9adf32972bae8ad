;; More than MAX_FLAT_PARAMS = 16 flat parameters: 16 still travel as core parameters, 17
;; go to memory as one tuple that the caller allocates first.
;;
;; RUN: explain --invoke 'sum17(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17)' %fixtures/many-params.wasm
;; RUN[sixteen]: explain sum16 %fixtures/many-params.wasm
;; RUN[strings]: explain --invoke 'concat9("a", "b", "c", "", "é", "f", "g", "h", "i")' %fixtures/many-params.wasm
;; RUN[mixed]: explain --invoke 'mixed(1, "a", 2, "b", 3.5, "c", true, "d", -5, "e", 6, "f")' %fixtures/many-params.wasm
;; RUN[echo-many]: explain --invoke "many(1, 2, (1.5, 2.5, 'x', true), some(-3), err(\"no\"), [1, 2, 3], -4, 5, 6, 7, 8)" %fixtures/echo.wasm
