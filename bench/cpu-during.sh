#!/usr/bin/env bash
# Who had the CPUs while a request waited: reads a scheduler trace taken by `PROFILE=sched bash bench/run.sh` and
# prints, for the window FROM..TO (CLOCK_MONOTONIC nanoseconds, as logged by SLOW_MS), the CPU time each process's
# threads got in it and every thread that waited more than 0.3 ms for a CPU after it was woken.
#   bash bench/cpu-during.sh bench/work/sched-round1.data FROM_NS TO_NS
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 SCHED_DATA FROM_NS TO_NS" >&2; exit 2; }
perf sched timehist -i "$1" 2>/dev/null | awk -v a="$2" -v b="$3" -f "$(dirname "$0")/src/cpu-during.awk"
