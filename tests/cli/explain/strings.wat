;; Strings and lists: `cabi_realloc` calls in order (an empty string still allocates 0
;; bytes), the annotated bytes, and results with strings and lists in memory.
;;
;; RUN: explain --invoke 'greet("hé", ["", "ab"])' %fixtures/echo.wasm
;; RUN[result-in-memory]: explain --invoke 'countdown("go", 3)' %fixtures/types.wasm
;; RUN[tuple-result]: explain --invoke 'swap("😀", 7)' %fixtures/types.wasm
;; RUN[nested-list]: explain --invoke 'echo-nested-list([[1, 2], [], [3]])' %fixtures/types.wasm
;; RUN[option-string]: explain --invoke 'echo-person({name: "Ada", age: 36, nickname: some("A")})' %fixtures/types.wasm
