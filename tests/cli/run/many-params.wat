;; More parameters than fit in core values (wit/many-params.wit): past 16 flat values the
;; canonical ABI passes a pointer to the parameters in memory.
;;
;; RUN[sum16]: run --invoke 'sum16(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16)' %fixtures/many-params.wasm
;; RUN[sum17]: run --invoke 'sum17(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17)' --invoke 'sum17(4294967295, 4294967295, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)' %fixtures/many-params.wasm
;; RUN[concat9]: run --invoke 'concat9("a", "b", "", "d", "e", "f", "g", "h", "i!")' --invoke 'concat9("", "", "", "", "", "", "", "", "")' %fixtures/many-params.wasm
;; RUN[mixed]: run --invoke 'mixed(1, "one ", 2, "two ", 0.5, "three ", true, "four ", -10, "five ", 100, "six")' --invoke 'mixed(255, "", 18446744073709551615, "", -0.0, "", false, "", -32768, "", 4294967295, "")' %fixtures/many-params.wasm
;; FAIL[sum17-one-short]: run --invoke 'sum17(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16)' %fixtures/many-params.wasm
