#!/usr/bin/env bash
# Router B ÷ router per round and the median of those ratios, from run.sh's results.tsv (an A/B run: ROUTER_B_*).
# A median of per-round ratios pairs each B round with the A round beside it, so a load swing between rounds cancels.
#   bash bench/ab-rounds.sh [bench/work/results.tsv]
RES=${1:-$(dirname "$0")/work/results.tsv}
awk -F'\t' '
  $1 > 0 { v[$1 SUBSEP $2 SUBSEP $3] = $4; if ($1 > n) n = $1 }
  function median(a, k,   i, j, t) {
    for (i = 2; i <= k; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
    return k % 2 ? a[(k+1)/2] : (a[k/2] + a[k/2+1]) / 2
  }
  END {
    split("ns_rps ns_cpu_us ns_p50_ms ns_p99_ms s_streams_per_s s_cpu_us s_ttfb_p50_ms s_ttfb_p99_ms l_ttfb_p50_ms l_ttfb_p99_ms", ms, " ")
    printf "| B ÷ A | per round | median |\n|---|---|---|\n"
    for (i = 1; i in ms; i++) {
      m = ms[i]; line = ""; k = 0; delete r
      for (x = 1; x <= n; x++) {
        a = v[x SUBSEP "router" SUBSEP m]; b = v[x SUBSEP "routerB" SUBSEP m]
        if (a == "" || b == "" || a + 0 == 0) continue
        r[++k] = b / a; line = line (k > 1 ? ", " : "") sprintf("%.2f", b / a)
      }
      if (k) printf "| %s | %s | %.2f |\n", m, line, median(r, k)
    }
  }' "$RES"
