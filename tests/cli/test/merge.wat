;; `wavecall test merge-reports`: the JUnit reports of a partitioned run's jobs as one, the
;; suites of one spec file together again and the counts added up; the same case twice is
;; kept once, two different results for one case are an error (partitions never overlap).
;;
;; RUN: test merge-reports %dir/reports/part-1.xml %dir/reports/part-2.xml -o -
;; RUN[to-file]: test merge-reports %dir/reports/part-1.xml %dir/reports/part-2.xml %dir/reports/part-1.xml -o %tmpdir/all.xml
;; FAIL[overlap]: test merge-reports %dir/reports/part-1.xml %dir/reports/overlap.xml -o -
;; FAIL[not-junit]: test merge-reports %dir/reports/not-junit.xml -o -
;; FAIL[missing]: test merge-reports %dir/reports/nope.xml -o -
;; FAIL[no-output]: test merge-reports %dir/reports/part-1.xml
