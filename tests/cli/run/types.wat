;; Every WIT value type through `types` (wit/types.wit): each `echo-*` hands its argument
;; back, so what is printed is wavecall's rendering of what it parsed.
;;
;; RUN[bool]: run --invoke 'echo-bool(true)' --invoke 'echo-bool(false)' %fixtures/types.wasm
;; RUN[unsigned]: run --invoke 'echo-u8(0)' --invoke 'echo-u8(255)' --invoke 'echo-u16(65535)' --invoke 'echo-u32(4294967295)' --invoke 'echo-u64(18446744073709551615)' %fixtures/types.wasm
;; RUN[signed]: run --invoke 'echo-s8(-128)' --invoke 'echo-s8(127)' --invoke 'echo-s16(-32768)' --invoke 'echo-s32(-2147483648)' --invoke 'echo-s64(-9223372036854775808)' --invoke 'echo-s64(9223372036854775807)' %fixtures/types.wasm
;; RUN[f32]: run --invoke 'echo-f32(1.5)' --invoke 'echo-f32(-0.0)' --invoke 'echo-f32(3.4028235e38)' --invoke 'echo-f32(1e-45)' --invoke 'echo-f32(nan)' --invoke 'echo-f32(inf)' --invoke 'echo-f32(-inf)' --invoke 'echo-f32(0.1)' %fixtures/types.wasm
;; RUN[f64]: run --invoke 'echo-f64(0.1)' --invoke 'echo-f64(1e300)' --invoke 'echo-f64(-5e-324)' --invoke 'echo-f64(nan)' --invoke 'echo-f64(3)' %fixtures/types.wasm
;; RUN[char]: run --invoke "echo-char('x')" --invoke "echo-char('🦀')" --invoke "echo-char('\n')" --invoke "echo-char('\'')" --invoke "echo-char('\u{10FFFF}')" %fixtures/types.wasm
;; RUN[string]: run --invoke 'echo-string("")' --invoke 'echo-string("héllo, wörld")' --invoke 'echo-string("tab\there \"quoted\" \u{7f}\u{0}")' --invoke 'echo-string("🦀\n")' %fixtures/types.wasm
;; RUN[multiline-string]: run --invoke @- %fixtures/types.wasm < calls/multiline.wave
;; RUN[lists]: run --invoke 'echo-list-u8([])' --invoke 'echo-list-u8([0, 1, 255])' --invoke 'echo-list-u32([4294967295, 7])' --invoke 'echo-list-string(["a", "", "ccc"])' --invoke 'echo-list-string([])' --invoke 'echo-nested-list([[1], [], [2, 3]])' --invoke 'echo-nested-list([])' %fixtures/types.wasm
;; RUN[tuple]: run --invoke 'echo-tuple((7, "x", true))' --invoke 'echo-tuple((0, "", false))' %fixtures/types.wasm
;; RUN[record]: run --invoke 'echo-person({name: "Ada", age: 36})' --invoke 'echo-person({name: "Ada", age: 36, nickname: some("A")})' --invoke 'echo-person({name: "Ada", age: 36, nickname: none})' --invoke 'echo-person({nickname: "A", age: 1, name: "reordered"})' %fixtures/types.wasm
;; RUN[keyword-fields]: run --invoke 'echo-keywords({%true: 1, %none: true, %inf: inf})' %fixtures/types.wasm
;; RUN[keyword-fields-unescaped]: run --invoke 'echo-keywords({true: 1, none: true, inf: inf})' %fixtures/types.wasm
;; RUN[variant]: run --invoke 'echo-mixed(int(-5))' --invoke 'echo-mixed(float(2.5))' --invoke 'echo-mixed(long(-9000000000))' --invoke 'echo-mixed(double(0.1))' --invoke 'echo-mixed(text("hi"))' --invoke 'echo-mixed(empty)' %fixtures/types.wasm
;; RUN[enum]: run --invoke 'echo-color(red)' --invoke 'echo-color(blue)' %fixtures/types.wasm
;; RUN[option]: run --invoke 'echo-option(some(3))' --invoke 'echo-option(none)' --invoke 'echo-option(3)' %fixtures/types.wasm
;; RUN[option-option]: run --invoke 'echo-option-option(some(some(3)))' --invoke 'echo-option-option(some(none))' --invoke 'echo-option-option(none)' %fixtures/types.wasm
;; RUN[result]: run --invoke 'echo-result(ok(1))' --invoke 'echo-result(err("no"))' --invoke 'echo-result(5)' %fixtures/types.wasm
;; RUN[result-no-ok]: run --invoke 'echo-result-no-ok(ok)' --invoke 'echo-result-no-ok(err("no"))' %fixtures/types.wasm
;; RUN[result-no-err]: run --invoke 'echo-result-no-err(ok(2))' --invoke 'echo-result-no-err(err)' %fixtures/types.wasm
;; RUN[result-empty]: run --invoke 'echo-result-empty(ok)' --invoke 'echo-result-empty(err)' %fixtures/types.wasm
;; RUN[flags]: run --invoke 'echo-perms({})' --invoke 'echo-perms({exec, read})' --invoke 'echo-perms({read, write, exec})' %fixtures/types.wasm
;; RUN[flags-32]: run --invoke 'echo-many({b1, b31, b32})' --invoke 'echo-many({})' %fixtures/types.wasm
;; RUN[record-result]: run --invoke 'countdown("go", 3)' --invoke 'countdown("", 0)' %fixtures/types.wasm
;; RUN[tuple-result]: run --invoke 'swap("x", 9)' %fixtures/types.wasm
;; RUN[no-result]: run --invoke 'nothing()' %fixtures/types.wasm
;; RUN[all-options]: run --invoke 'count-some(some(1), some("b"), some(true))' --invoke 'count-some(1, "b")' --invoke 'count-some(none)' --invoke 'count-some()' %fixtures/types.wasm
;; RUN[json]: run --format json --invoke 'echo-person({name: "Ada", age: 36})' --invoke 'echo-mixed(long(-9000000000))' --invoke 'echo-option-option(some(none))' --invoke 'echo-perms({read, exec})' --invoke 'echo-u64(18446744073709551615)' --invoke 'echo-f64(nan)' --invoke 'nothing()' %fixtures/types.wasm
