;; Fleets: `--partition` splits the selected tests among the jobs of a CI matrix, `--list`
;; shows what a job would run. Each test is in exactly one part: the three `count` parts
;; below list every test of the full list once. A `shared` file (linked.toml) is one unit: its tests build on each other's state, so they stay together.
;;
;; RUN[list]: test --list %dir/../../spec/shapes.toml %dir/../../spec/app.toml %dir/../../spec/linked.toml
;; RUN[list-json]: test --list --format json --filter add %dir/../../spec/app.toml
;; RUN[count-1]: test --list --partition count:1/3 %dir/../../spec/shapes.toml %dir/../../spec/app.toml %dir/../../spec/linked.toml
;; RUN[count-2]: test --list --partition count:2/3 %dir/../../spec/shapes.toml %dir/../../spec/app.toml %dir/../../spec/linked.toml
;; RUN[count-3]: test --list --partition count:3/3 %dir/../../spec/shapes.toml %dir/../../spec/app.toml %dir/../../spec/linked.toml
;; (`hash` parts hash the spec path relative to the working folder; these paths lie outside
;; it, so `tests/ci.rs` tests them: `hash_parts_do_not_depend_on_where_the_checkout_is`.)
;;
;; A run of one part counts the rest as in other partitions; the filter applies first.
;; RUN[run-part]: test -v --partition count:2/3 %dir/../../spec/shapes.toml %dir/../../spec/app.toml %dir/../../spec/linked.toml
;; RUN[filter-first]: test -v --filter circle --partition count:2/2 %dir/../../spec/shapes.toml
;;
;; `auto` reads GitLab's CI_NODE_INDEX (from 1) and CI_NODE_TOTAL; unset, the whole suite.
;; RUN[auto]: CI_NODE_INDEX=2 CI_NODE_TOTAL=3 test --list --partition auto %dir/../../spec/shapes.toml %dir/../../spec/app.toml %dir/../../spec/linked.toml
;; RUN[auto-unset]: test --list --partition auto %dir/../../spec/shapes.toml
;; FAIL[auto-zero]: CI_NODE_INDEX=0 CI_NODE_TOTAL=3 test --partition auto %dir/../../spec/shapes.toml
;; FAIL[auto-no-index]: CI_NODE_TOTAL=3 test --partition auto %dir/../../spec/shapes.toml
;;
;; A part that gets no test of a suite that has some passes (the matrix is larger than the
;; suite); a filter that matches nothing is still status 4.
;; RUN[empty-part]: test --partition count:9/9 %dir/../../spec/shapes.toml
;; FAIL[empty-filter]: test --partition count:1/2 --filter nothing-is-called-so %dir/../../spec/shapes.toml
;;
;; FAIL[bad-kind]: test --partition slice:1/2 %dir/../../spec/shapes.toml
;; FAIL[bad-shard]: test --partition hash:3/2 %dir/../../spec/shapes.toml
;; FAIL[list-broken]: test --list %dir/../../spec/broken/unknown-key.toml
