#!/usr/bin/env bash
# The CPU an access-log line costs per way of routing the logger (bench/src/accesslog/AccessLineCost.java), the modes
# interleaved round by round on the router's Java; prints each round and the per-mode median. Needs the built
# classes (mvn -DskipTests package) and Tomcat's JULI jar (the bench's Tomcat zip, or any tomcat-juli.jar).
#   ROUNDS=5 LINES=100000 bash bench/access-line-cost.sh
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"; ROOT="$(dirname "$HERE")"
ROUNDS=${ROUNDS:-5}; LINES=${LINES:-100000}; PACE=${PACE:-20000}   # lines a second
MODES=${MODES:-off null-handler tomcat-default routed routed-sync}
# OLD_CLASSES=dir: the same modes again with these classes in front (e.g. an earlier AccessLog), as "old-MODE"
OLD_CLASSES=${OLD_CLASSES:-}
JAVA=${JAVA:-/usr/lib/jvm/java-17-openjdk-amd64/bin/java}
M2=$HOME/.m2/repository
JULI=${JULI:-$(ls "$ROOT"/target/servers/apache-tomcat-*/bin/tomcat-juli.jar 2>/dev/null | head -1)}
[ -n "$JULI" ] || { echo "no tomcat-juli.jar: run scripts/run.sh once, or set JULI" >&2; exit 2; }
CP="$ROOT/target/classes:$(ls $M2/org/eclipse/parsson/parsson/*/parsson-*.jar | grep -v sources | tail -1)"
CP="$CP:$(ls $M2/jakarta/json/jakarta.json-api/2.*/jakarta.json-api-2.*.jar | grep -v sources | tail -1):$JULI"
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); $("$JAVA" -version 2>&1 | head -1)"
for r in $(seq "$ROUNDS"); do
  runs=(); for m in $MODES; do runs+=("$m"); [ -z "$OLD_CLASSES" ] || runs+=("old-$m"); done
  s=$(( (r - 1) % ${#runs[@]} )); runs=("${runs[@]:$s}" "${runs[@]:0:$s}")   # a rotating order
  for run in "${runs[@]}"; do
    m=${run#old-}; cp=$CP; [ "$run" = "$m" ] || cp="$OLD_CLASSES:$CP"
    "$JAVA" -Xmx256m -Dpace="$PACE" -cp "$cp" "$HERE/src/accesslog/AccessLineCost.java" "$m" "$LINES" "$WORK" 2>"$WORK/$m-stderr.log" \
      | sed "s/^$m/$run/" | tee -a "$WORK/results"
  done
done
echo "median CPU per line (µs), $ROUNDS rounds of $LINES lines at $PACE a second:"
for m in $MODES; do for v in "$m" ${OLD_CLASSES:+old-$m}; do
  awk -v m=$v '$1==m {print $3}' "$WORK/results" | sort -n | awk -v m=$v '{a[NR]=$1} END {printf "  %-19s %s\n", m, a[int((NR+1)/2)]}'
done; done
