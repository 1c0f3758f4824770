# Input: `perf sched timehist` (time, [cpu], task name [tid/pid], wait, sch delay, run time; times in s, the rest in
# ms). A line ends a thread's slice on a CPU, so the slice is [time - run time, time]. a, b: the window in ns.
# Output: "late" lines (woken in the window, waited > 0.3 ms for a CPU), then CPU ms in the window by pid and thread.
BEGIN { a /= 1e9; b /= 1e9 }
$1 ~ /^[0-9]+\.[0-9]+$/ {
  n = NF; run = $n; delay = $(n - 1)
  task = ""; for (i = 3; i <= n - 3; i++) task = task (i > 3 ? " " : "") $i
  split(task, part, "["); ids = part[2]; sub(/\]/, "", ids); split(ids, id, "/")
  pid = id[2] != "" ? id[2] : id[1]
  from = $1 - run / 1000; lo = from > a ? from : a; hi = $1 < b ? $1 : b
  if (hi > lo) cpu[pid "\t" part[1]] += (hi - lo) * 1000
  if ($1 >= a && $1 <= b && delay > 0.3) printf "late\t%s\t%s waited %.3f ms for a CPU\n", $2, task, delay
}
END {
  fflush()   # the late lines first, then the sorted ones
  by_time = "sort -t'\t' -k2 -rn"
  for (k in cpu) printf "cpu\t%.3f ms\t%s\n", cpu[k], k | by_time
  close(by_time)
}
