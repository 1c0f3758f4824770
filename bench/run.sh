#!/usr/bin/env bash
# The gateway-overhead benchmark: the router (built WAR on Tomcat 11) vs nginx (raw proxy) vs the mock upstream
# directly, interleaved round by round, all on 127.0.0.1. Usage and settings: bench/README.md.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"; ROOT="$(dirname "$HERE")"
ROUNDS=${ROUNDS:-5}                 # interleaved rounds (router, nginx, direct in a rotating order)
DURATION=${DURATION:-10}            # seconds per measurement
WARMUP=${WARMUP:-30}                # seconds of load per target before round 1, half non-stream, half streams; 0: none
CLIENT_WARMUP=${CLIENT_WARMUP:-5}   # seconds each streaming round loads before it records: the client JVM's own JIT warm-up
SLOW_MS=${SLOW_MS:-}                # log each request path slower than this many ms (logs/stream-load.log), to find in a trace
CONNS=${CONNS:-64}                  # wrk connections, non-stream
STREAM_CONNS=${STREAM_CONNS:-256}   # concurrent streams for streams/s (saturates the router on 2 cores)
LAT_CONNS=${LAT_CONNS:-16}          # concurrent streams for the delay added (nobody saturated)
FRAMES=${FRAMES:-20}; FIRST_MS=${FIRST_MS:-50}; INTERVAL_MS=${INTERVAL_MS:-10}
HOLD_STREAMS=${HOLD_STREAMS:-10000} # concurrent streams held by the router; 0 skips the hold test
HOLD_SECONDS=${HOLD_SECONDS:-60}; HOLD_RAMP=${HOLD_RAMP:-20}
BASE_PORT=${BASE_PORT:-19500}       # seven ports from here on (the first free block at or above it)
PORTKEY=${PORTKEY:-1}               # 1: the Portkey gateway (npm @portkey-ai/gateway, bench/install.sh) as a peer column; 0: none
ALLOC=${ALLOC:-1}                   # 1: bytes the routers allocate per non-stream request (JFR's per-thread counters)
PROFILE=${PROFILE:-0}               # 1: record a JFR profile of the router over the whole run; ap: async-profiler over the rounds;
                                    # sched: perf's scheduler trace of every CPU during the router's 16-stream rounds
if [ "$PROFILE" = sched ] && ! command -v perf >/dev/null; then echo "PROFILE=sched needs perf (Debian: apt-get install linux-perf)" >&2; exit 2; fi
SERVER=${SERVER:-tomcat}            # tomcat | wildfly | payara: the server the router (and router B) run in
ROUTER_HEAP=${ROUTER_HEAP:-2g}      # the routers' -Xmx: setenv.sh's 1g cannot hold 9,750 streams (about 110 KB each)
# ROUTER_OPTS / ROUTER_SED: more JVM options / a sed edit of server.xml for the router (experiments)
# ROUTER_B_WAR / ROUTER_B_OPTS / ROUTER_B_SED: a second router in the same rounds (see below); AB_ONLY=1: only those two
WORK=${WORK:-$HERE/work}
JAVA_BENCH=${JAVA_BENCH:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}   # Java 21+ for the mock and the client
ROUTER_JAVA_HOME=${ROUTER_JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}
# Router B runs the same WAR on another Java (by default Temurin 25 when it is installed): one run compares the
# runtimes side by side. ROUTER_B_JAVA_HOME= (empty) turns that off; any other ROUTER_B_* setting still makes a router B.
# (Tomcat only by default: WildFly and Payara runs keep one router unless asked.)
# (`|| true`: under set -e a failed test in the substitution would end the script for WildFly and Payara.)
ROUTER_B_JAVA_HOME=${ROUTER_B_JAVA_HOME-$( [ "$SERVER" = tomcat ] && [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ] && echo /usr/lib/jvm/temurin-25-jdk-amd64 || true )}
[ "${ROUTER_B_JAVA_HOME:-}" != "$ROUTER_JAVA_HOME" ] || ROUTER_B_JAVA_HOME=
PORTKEY_JS=${PORTKEY_JS:-$HERE/.portkey/node_modules/@portkey-ai/gateway/build/start-server.js}
TOMCAT_ZIP=${TOMCAT_ZIP:-$HOME/.m2/repository/org/apache/tomcat/tomcat/11.0.24/tomcat-11.0.24.zip}
WILDFLY_VERSION=${WILDFLY_VERSION:-39.0.1.Final}
WILDFLY_ZIP=${WILDFLY_ZIP:-$HOME/.m2/repository/org/wildfly/wildfly-dist/$WILDFLY_VERSION/wildfly-dist-$WILDFLY_VERSION.zip}
PAYARA_VERSION=${PAYARA_VERSION:-6.2025.10}
PAYARA_JAR=${PAYARA_JAR:-$HOME/.m2/repository/fish/payara/extras/payara-micro/$PAYARA_VERSION/payara-micro-$PAYARA_VERSION.jar}
if [ "$SERVER" = tomcat ]; then WAR=${WAR:-$ROOT/target/ai-router.war}; else WAR=${WAR:-$ROOT/target/ai-router-ee.war}; fi
KEY=ar-bench-key-0123456789

for tool in nginx wrk unzip curl; do command -v $tool >/dev/null || { echo "missing $tool: run bench/install.sh" >&2; exit 2; }; done
[ -x "$JAVA_BENCH" ] || { echo "no Java 21+ at $JAVA_BENCH (set JAVA_BENCH)" >&2; exit 2; }
[ -f "$WAR" ] || { echo "no WAR at $WAR: run mvn -DskipTests package first" >&2; exit 2; }
[ -f "$TOMCAT_ZIP" ] || { echo "no Tomcat zip at $TOMCAT_ZIP: run mvn -DskipTests once (it fetches it)" >&2; exit 2; }
[ "$SERVER" != wildfly ] || [ -f "$WILDFLY_ZIP" ] || { echo "no WildFly zip at $WILDFLY_ZIP: run mvn verify -Pwildfly once (it fetches it)" >&2; exit 2; }
[ "$SERVER" != payara ] || [ -f "$PAYARA_JAR" ] || { echo "no Payara Micro at $PAYARA_JAR: run mvn verify -Ppayara once (it fetches it)" >&2; exit 2; }

port_free() { ! (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null; }
P=$BASE_PORT
while :; do ok=1; for i in 0 1 2 3 4 5 6; do port_free $((P+i)) || ok=0; done; [ $ok = 1 ] && break; P=$((P+10)); done
P_MOCK=$P; P_SMOCK=$((P+1)); P_NGX=$((P+2)); P_NGXS=$((P+3)); P_ROUTER=$((P+4)); P_ROUTERB=$((P+5)); P_PORTKEY=$((P+6))

rm -rf "$WORK"; mkdir -p "$WORK"/{nginx-mock,nginx-proxy,logs}
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do for _ in $(seq 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done; kill -9 "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The file-descriptor limit bounds the hold test: the router holds two per stream (client + upstream).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
FDMAX=$(ulimit -n)
if [ "$HOLD_STREAMS" -gt 0 ] && [ $((HOLD_STREAMS * 2 + 500)) -gt "$FDMAX" ]; then
  echo "note: ulimit -n is $FDMAX; holding $(( (FDMAX - 500) / 2 )) streams instead of $HOLD_STREAMS" >&2
  HOLD_STREAMS=$(( (FDMAX - 500) / 2 ))
fi

# The mock, the client and the summary, compiled once (not during a measurement).
"$(dirname "$JAVA_BENCH")/javac" -d "$WORK/classes" "$HERE"/src/*.java

# ---- the mock upstreams: nginx answers the fixed non-stream JSON, StreamMock paces SSE ----
cat > "$WORK/nginx-mock/nginx.conf" <<NGX
worker_processes auto; pid $WORK/nginx-mock/nginx.pid; error_log $WORK/logs/nginx-mock.log warn; daemon off;
events { worker_connections 19000; }
http {
  access_log off; keepalive_requests 100000000; keepalive_timeout 120s;
  client_body_temp_path $WORK/nginx-mock;
  server {
    listen 127.0.0.1:$P_MOCK backlog=4096;
    location / { default_type application/json; client_body_buffer_size 64k;
      return 200 '$(tr -d '\n' < "$HERE/mock-response.json")'; }
  }
}
NGX
nginx -p "$WORK/nginx-mock" -c "$WORK/nginx-mock/nginx.conf" -e "$WORK/logs/nginx-mock.log" & PIDS+=($!); MOCK_PID=$!
"$JAVA_BENCH" -Xmx1g -cp "$WORK/classes" StreamMock "$P_SMOCK" > "$WORK/logs/stream-mock.log" 2>&1 & PIDS+=($!); STREAM_MOCK_PID=$!

# ---- nginx as the raw-proxy baseline: keep-alive to the upstreams, no buffering ----
sed -e "s|@WORK@|$WORK|g; s|@P_MOCK@|$P_MOCK|g; s|@P_SMOCK@|$P_SMOCK|g; s|@P_NGX@|$P_NGX|g; s|@P_NGXS@|$P_NGXS|g" \
  "$HERE/nginx-proxy.conf" > "$WORK/nginx-proxy/nginx.conf"
nginx -p "$WORK/nginx-proxy" -c "$WORK/nginx-proxy/nginx.conf" -e "$WORK/logs/nginx-proxy.log" & PIDS+=($!); NGX_PID=$!

# ---- the router: the built WAR as ROOT in Tomcat 11 with server-config/tomcat/ applied ----
[ -d "$HERE/.tomcat/apache-tomcat-11.0.24" ] || { mkdir -p "$HERE/.tomcat"; unzip -q "$TOMCAT_ZIP" -d "$HERE/.tomcat"; chmod +x "$HERE"/.tomcat/apache-tomcat-11.0.24/bin/*.sh; }
export CATALINA_HOME="$HERE/.tomcat/apache-tomcat-11.0.24"
cat > "$WORK/router.json" <<JSON
{"routes": [
  {"name": "bench-fast", "match": "exact", "pattern": "bench-fast", "provider": "openai",
   "baseUrl": "http://127.0.0.1:$P_MOCK/v1", "apiKey": "sk-bench-upstream"},
  {"name": "bench-stream", "match": "exact", "pattern": "bench-stream", "provider": "openai",
   "baseUrl": "http://127.0.0.1:$P_SMOCK/v1", "apiKey": "sk-bench-upstream"}],
 "clientKeys": [{"name": "bench", "key": "$KEY"}]}
JSON
# What every router gets, whatever its server: the bench's config file, a data directory of its own, an admin password,
# and an upstream pool larger than the streams it will hold (the default 4096 would make stream 4,097 wait).
ROUTER_ENV=(AIROUTER_CONFIG_FILE="$WORK/router.json" AIROUTER_ADMIN_PASSWORD=bench-admin-password
  AIROUTER_UPSTREAM_MAX_CONNECTIONS=$(( HOLD_STREAMS > 4096 ? HOLD_STREAMS + 1000 : 4096 )))
java_home_of() { if [ "$1" = routerB ] && [ -n "${ROUTER_B_JAVA_HOME:-}" ]; then echo "$ROUTER_B_JAVA_HOME"; else echo "$ROUTER_JAVA_HOME"; fi; }
router_jvm() {  # name extra-jvm-options: the JVM options every router gets, data directory included
  # A minute for the embedded database's first connection: at a load of 30 from other builds it took over 5 s.
  local opts="-Xlog:disable -Xlog:all=warning:stderr -Xmx$ROUTER_HEAP -Dairouter.data-dir=$WORK/data-$1"
  opts="$opts -Dairouter.db-connect-timeout-ms=60000 $2"
  [ "$PROFILE" = 1 ] && opts="$opts -XX:StartFlightRecording=filename=$WORK/$1.jfr,settings=profile,dumponexit=true"
  echo "$opts"
}
start_router() {  # name port war extra-jvm-options server-edit (Tomcat: a sed of server.xml; WildFly: a CLI file or "none")
  if [ "$SERVER" = wildfly ]; then start_wildfly "$@"; return; fi
  if [ "$SERVER" = payara ]; then start_payara "$@"; return; fi
  local base="$WORK/$1"
  mkdir -p "$base"/{conf,bin,logs,temp,work,webapps}
  cp "$CATALINA_HOME"/conf/{web.xml,context.xml,catalina.properties} "$base/conf/"
  cp "$ROOT/server-config/tomcat/logging.properties" "$base/conf/"   # the access log in a file of its own, as shipped
  sed -e "s/port=\"8080\"/port=\"$2\" address=\"127.0.0.1\"/" -e "${5:-s/^//}" "$ROOT/server-config/tomcat/server.xml" > "$base/conf/server.xml"
  cp "$ROOT/server-config/tomcat/setenv.sh" "$base/bin/setenv.sh"
  cp "$3" "$base/webapps/ROOT.war"
  # setenv.sh puts its own options (ParallelGC, -Xmx1g) in front of these: the later -Xmx wins.
  env "${ROUTER_ENV[@]}" CATALINA_BASE="$base" CATALINA_OPTS="$(router_jvm "$1" "$4")" JAVA_HOME="$(java_home_of "$1")" \
    "$CATALINA_HOME/bin/catalina.sh" run > "$WORK/logs/$1.log" 2>&1 &
  PIDS+=($!); STARTED_PID=$!
}
# WildFly: a fresh unpacked copy per router, server-config/wildfly/performance.cli applied offline (embed-server)
# unless the edit says otherwise, the same JVM options as Tomcat's setenv.sh. Its other ports (management, https,
# transactions) are moved by an offset of their own, 10000 + 100 per router, clear of the bench's six.
start_wildfly() {
  local base="$WORK/$1" home cli="${5:-$ROOT/server-config/wildfly/performance.cli}" sh_pid
  local offset=$(( 10000 + 100 * $(ls -d "$WORK"/router*/ 2>/dev/null | wc -l) ))
  mkdir -p "$base"; unzip -q "$WILDFLY_ZIP" -d "$base"; home="$base/wildfly-$WILDFLY_VERSION"
  if [ "$cli" != none ]; then
    { echo "embed-server --std-out=discard"; cat "$cli"; echo; echo "stop-embedded-server"; } > "$base/apply.cli"
    JAVA_HOME="$(java_home_of "$1")" "$home/bin/jboss-cli.sh" --file="$base/apply.cli" > "$WORK/logs/$1-cli.log" 2>&1 \
      || { echo "$1: the CLI edit failed: $WORK/logs/$1-cli.log" >&2; exit 1; }
  fi
  cp "$3" "$home/standalone/deployments/ROOT.war"
  # JAVA_OPTS replaces standalone.conf's defaults, so the two it needs come along.
  local opts="-XX:+UseParallelGC -Djava.net.preferIPv4Stack=true -Djava.awt.headless=true"
  opts="$opts -Djboss.modules.system.pkgs=org.jboss.byteman $(router_jvm "$1" "$4")"
  env "${ROUTER_ENV[@]}" JAVA_HOME="$(java_home_of "$1")" JAVA_OPTS="$opts" "$home/bin/standalone.sh" -b 127.0.0.1 -Djboss.socket.binding.port-offset=$offset \
    -Djboss.http.port=$(( $2 - offset )) > "$WORK/logs/$1.log" 2>&1 &
  sh_pid=$!; PIDS+=($sh_pid)
  # standalone.sh runs the JVM as its child (after short-lived `java -version` probes): that process is the one
  # measured (CPU, heap, threads).
  for _ in $(seq 100); do STARTED_PID=$(pgrep -P $sh_pid -f org.jboss.as.standalone || true); [ -n "$STARTED_PID" ] && break; sleep 0.1; done
  [ -n "$STARTED_PID" ] || { echo "$1: WildFly did not start: $WORK/logs/$1.log" >&2; exit 1; }
  PIDS+=($STARTED_PID)
}
# Payara Micro: one JVM per router (no cluster), its own root directory, server-config/payara/performance.asadmin
# applied as pre-boot commands unless the edit says otherwise (its create-jvm-options line is the java command line's
# job here: the same JVM options as Tomcat's setenv.sh).
start_payara() {
  local base="$WORK/$1" cmds="${5:-$ROOT/server-config/payara/performance.asadmin}" boot=()
  mkdir -p "$base"
  if [ "$cmds" != none ]; then
    grep -v -e '^#' -e '^create-jvm-options' -e '^[[:space:]]*$' "$cmds" > "$base/preboot.asadmin"
    boot=(--prebootcommandfile "$base/preboot.asadmin")
  fi
  env "${ROUTER_ENV[@]}" "$(java_home_of "$1")/bin/java" -XX:+UseParallelGC $(router_jvm "$1" "$4") -jar "$PAYARA_JAR" --deploy "$3" --contextroot / --port "$2" --nocluster \
    --rootdir "$base/root" "${boot[@]}" > "$WORK/logs/$1.log" 2>&1 &
  STARTED_PID=$!; PIDS+=($STARTED_PID)
}
wait_ready() {  # port pid name
  for i in $(seq "${READY_S:-300}"); do   # seconds; a router deploys in 10 s idle, took over 120 s at load 40
    curl -sf "http://127.0.0.1:$1/health/ready" >/dev/null 2>&1 && return 0
    kill -0 $2 2>/dev/null || { echo "$3 died: $WORK/logs/$3.log" >&2; tail -30 "$WORK/logs/$3.log" >&2; exit 1; }
    sleep 1
  done
  echo "$3 not ready after ${READY_S:-300} s" >&2; exit 1
}
start_router router $P_ROUTER "$WAR" "${ROUTER_OPTS:-}" "${ROUTER_SED:-${ROUTER_CLI:-}}"; ROUTER_PID=$STARTED_PID
wait_ready $P_ROUTER $ROUTER_PID router
# Optional variant B of the router, measured in the same rounds (A/B of a WAR, JVM options or connector settings):
#   ROUTER_B_WAR=path  ROUTER_B_OPTS="-XX:+UseG1GC"  ROUTER_B_SED='s/maxThreads="16"/maxThreads="200"/'
TARGETS="router nginx direct"
if [ -n "${ROUTER_B_WAR:-}${ROUTER_B_OPTS:-}${ROUTER_B_SED:-}${ROUTER_B_CLI:-}${ROUTER_B_JAVA_HOME:-}" ]; then
  start_router routerB $P_ROUTERB "${ROUTER_B_WAR:-$WAR}" "${ROUTER_B_OPTS:-}" "${ROUTER_B_SED:-${ROUTER_B_CLI:-}}"; ROUTERB_PID=$STARTED_PID
  wait_ready $P_ROUTERB $ROUTERB_PID routerB
  TARGETS="router routerB nginx direct"
  [ "${AB_ONLY:-0}" = 1 ] && TARGETS="router routerB"   # only the two routers (quicker A/B)
  echo "routerB: war ${ROUTER_B_WAR:-(same)}, JVM options '${ROUTER_B_OPTS:-}', server edit '${ROUTER_B_SED:-${ROUTER_B_CLI:-}}', Java $(java_home_of routerB)"
fi
echo "router: Java $("$ROUTER_JAVA_HOME/bin/java" -version 2>&1 | head -1)"
[ -z "${ROUTERB_PID:-}" ] || echo "routerB: Java $("$(java_home_of routerB)/bin/java" -version 2>&1 | head -1)"
# ---- the Portkey gateway (Node), a peer: its OpenAI provider pointed at the same mocks by its custom-host header ----
if [ "$PORTKEY" = 1 ] && [ "${AB_ONLY:-0}" != 1 ]; then
  if ! command -v node >/dev/null || [ ! -f "$PORTKEY_JS" ]; then
    echo "no Portkey gateway at $PORTKEY_JS (bash bench/install.sh installs it; PORTKEY=0 skips it)" >&2; exit 2
  fi
  NODE_ENV=production node "$PORTKEY_JS" --port=$P_PORTKEY --headless > "$WORK/logs/portkey.log" 2>&1 & PIDS+=($!); PORTKEY_PID=$!
  for i in $(seq 100); do port_free $P_PORTKEY || break; sleep 0.2; done
  port_free $P_PORTKEY && { echo "the Portkey gateway did not listen: $WORK/logs/portkey.log" >&2; exit 1; }
  TARGETS="${TARGETS/nginx/portkey nginx}"
  echo "portkey: @portkey-ai/gateway $(node -p "require('$(dirname "$(dirname "$PORTKEY_JS")")/package.json').version"), node $(node --version)"
fi
for p in $P_MOCK $P_SMOCK $P_NGX; do for i in $(seq 50); do port_free $p || break; sleep 0.2; done; done

cat > "$WORK/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"model":"bench-fast","messages":[{"role":"user","content":"Say hello."}]}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer ar-bench-key-0123456789"
LUA
# Portkey learns its provider and upstream from headers (its OpenAI provider, the mock as custom host); the key is
# passed on upstream as is, as every target here gets it.
{ cat "$WORK/post.lua"; echo 'wrk.headers["x-portkey-provider"] = "openai"'
  echo "wrk.headers[\"x-portkey-custom-host\"] = \"http://127.0.0.1:$P_MOCK/v1\""; } > "$WORK/post-portkey.lua"
PORTKEY_STREAM_HEADERS="x-portkey-provider: openai|x-portkey-custom-host: http://127.0.0.1:$P_SMOCK/v1"

cpu_ticks() {  # utime + stime of a process and its children that are alive (nginx workers), in clock ticks
  local total=0 p
  for p in $1 $(pgrep -P "$1" || true); do
    [ -r /proc/$p/stat ] && total=$(( total + $(awk '{print $14 + $15}' /proc/$p/stat) ))
  done
  echo $total
}
HZ=$(getconf CLK_TCK)
RES="$WORK/results.tsv"; : > "$RES"
port_of() { case $1 in router) echo $P_ROUTER;; routerB) echo $P_ROUTERB;; portkey) echo $P_PORTKEY;; nginx) echo $P_NGX;; direct) echo $P_MOCK;; esac; }
sport_of() { case $1 in router) echo $P_ROUTER;; routerB) echo $P_ROUTERB;; portkey) echo $P_PORTKEY;; nginx) echo $P_NGXS;; direct) echo $P_SMOCK;; esac; }
pid_of() { case $1 in router) echo $ROUTER_PID;; routerB) echo $ROUTERB_PID;; portkey) echo $PORTKEY_PID;; nginx) echo $NGX_PID;; direct) echo $MOCK_PID;; esac; }
to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; printf "%.3f", v}' <<<"$1"; }

nonstream() {  # round target
  local t=$2 pid c0 c1 out
  pid=$(pid_of $t)
  local script="$WORK/post.lua"; [ $t = portkey ] && script="$WORK/post-portkey.lua"
  local jcmd=; [ "$ALLOC" = 1 ] && [ "${t#router}" != "$t" ] && jcmd="$(java_home_of $t)/bin/jcmd"
  [ -z "$jcmd" ] || "$jcmd" $pid JFR.start name=alloc settings="$HERE/alloc.jfc" >/dev/null 2>&1 || jcmd=
  c0=$(cpu_ticks $pid)
  out=$(wrk -t2 -c$CONNS -d${DURATION}s --latency -s "$script" "http://127.0.0.1:$(port_of $t)/v1/chat/completions")
  c1=$(cpu_ticks $pid)
  local reqs rps p50 p99 errs
  reqs=$(awk '/requests in/ {print $1}' <<<"$out"); rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(to_ms "$(awk '$1=="50%" {print $2}' <<<"$out")"); p99=$(to_ms "$(awk '$1=="99%" {print $2}' <<<"$out")")
  errs=$(awk '/Non-2xx/ {n+=$NF} /Socket errors/ {gsub(/,/,""); n+=$4+$6+$8+$10} END {print n+0}' <<<"$out")
  printf '%s\t%s\tns_rps\t%s\n%s\t%s\tns_p50_ms\t%s\n%s\t%s\tns_p99_ms\t%s\n%s\t%s\tns_errors\t%s\n' \
    $1 $t $rps $1 $t $p50 $1 $t $p99 $1 $t $errs >> "$RES"
  awk -v a=$c0 -v b=$c1 -v n=$reqs -v hz=$HZ -v r=$1 -v t=$t 'BEGIN {if (n>0) printf "%s\t%s\tns_cpu_us\t%.1f\n", r, t, (b-a)/hz*1e6/n}' >> "$RES"
  local cpu alloc=; cpu=$(tail -1 "$RES" | cut -f4)
  if [ -n "$jcmd" ]; then   # the JVM's allocation counters at the recording's start and stop, per request
    rm -f "$WORK/alloc.jfr"; "$jcmd" $pid JFR.stop name=alloc filename="$WORK/alloc.jfr" >/dev/null 2>&1 || true
    [ -f "$WORK/alloc.jfr" ] && alloc=$("$JAVA_BENCH" -cp "$WORK/classes" AllocPerRequest "$WORK/alloc.jfr" "$reqs" 2>/dev/null || true)
    [ -z "$alloc" ] || printf '%s\t%s\tns_alloc_bytes\t%s\n' $1 $t $alloc >> "$RES"
  fi
  printf '  %-6s non-stream %8s req/s  p50 %6s ms  p99 %6s ms  errors %s  cpu %s us/req%s\n' $t $rps $p50 $p99 $errs \
    "$cpu" "${alloc:+  allocated $alloc B/req}"
}

stream() {  # round target connections prefix
  local t=$2 pid c0 c1 out
  pid=$(pid_of $t); [ $t = direct ] && pid=$STREAM_MOCK_PID
  c0=$(cpu_ticks $pid)
  local sched_pid=
  if [ "$PROFILE" = sched ] && [ "$4" = l ] && [ "$t" = router ]; then   # every CPU's scheduler events, this round only
    perf sched record -a -k mono -o "$WORK/sched-round$1.data" > "$WORK/logs/perf-sched.log" 2>&1 & sched_pid=$!
    sleep 1
  fi
  echo "== round $1 $t x$3" >> "$WORK/logs/stream-load.log"
  local hdr=; [ $t = portkey ] && hdr="$PORTKEY_STREAM_HEADERS"
  out=$("$JAVA_BENCH" -Dwarmup.s=$CLIENT_WARMUP ${hdr:+"-Dheaders=$hdr"} ${SLOW_MS:+-Dslow.ms=$SLOW_MS} -cp "$WORK/classes" StreamLoad load "$(sport_of $t)" /v1/chat/completions $KEY $3 $DURATION $FRAMES $FIRST_MS $INTERVAL_MS 2>>"$WORK/logs/stream-load.log" | tail -1)
  c1=$(cpu_ticks $pid)
  if [ -n "$sched_pid" ]; then kill -INT $sched_pid; wait $sched_pid || true; fi
  for k in streams_per_s ttfb_p50_ms ttfb_p99_ms gap_p50_ms gap_p99_ms req_p50_ms req_p99_ms ans_p50_ms ans_p99_ms errors; do
    printf '%s\t%s\t%s_%s\t%s\n' $1 $t $4 $k "$(tr ' ' '\n' <<<"$out" | awk -F= -v k=$k '$1==k {print $2}')" >> "$RES"
  done
  local n; n=$(tr ' ' '\n' <<<"$out" | awk -F= '$1=="streams" {print $2}')
  awk -v a=$c0 -v b=$c1 -v n=$n -v hz=$HZ -v r=$1 -v t=$t -v p=$4 'BEGIN {if (n>0) printf "%s\t%s\t%s_cpu_us\t%.1f\n", r, t, p, (b-a)/hz*1e6/n}' >> "$RES"
  echo "  $t stream x$3: $out"
}

echo "ports: mock $P_MOCK, stream mock $P_SMOCK, nginx $P_NGX/$P_NGXS, router $P_ROUTER; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
# The router's JIT is still compiling after 10 s of load: a short warm-up left rounds 1 and 2 measuring it cold.
echo "warm-up: $WARMUP s per target"
DURATION_SAVED=$DURATION
for t in $TARGETS; do
  DURATION=$(( WARMUP / 2 )); if [ $DURATION -gt 0 ]; then nonstream 0 $t >/dev/null; fi
  DURATION=$(( WARMUP - WARMUP / 2 )); if [ $DURATION -gt 0 ]; then stream 0 $t $STREAM_CONNS s >/dev/null; fi
done
DURATION=$DURATION_SAVED; : > "$RES"

# PROFILE=ap: async-profiler (CPU samples, kernel included) over the measured rounds only, loaded into the running
# router; bench/install.sh unpacks it from Maven Central. ProfileOwners then says whose code the samples ran. The
# options are quoted for jcmd, which would otherwise read "event=cpu" as one of its own name=value arguments.
AP_LIB="$HERE/.async-profiler/linux-x64/libasyncProfiler.so"
profile_rounds() {  # start | stop
  [ "$PROFILE" = ap ] || return 0
  [ -f "$AP_LIB" ] || { echo "no async-profiler at $AP_LIB: run bench/install.sh" >&2; return 0; }
  if [ "$1" = start ]; then
    "$ROUTER_JAVA_HOME/bin/jcmd" $ROUTER_PID JVMTI.agent_load "$AP_LIB" "\"start,event=${AP_EVENT:-cpu},interval=1ms\"" > "$WORK/logs/profiler.log" 2>&1
  else
    "$ROUTER_JAVA_HOME/bin/jcmd" $ROUTER_PID JVMTI.agent_load "$AP_LIB" "\"stop,file=$WORK/router-cpu.collapsed,collapsed\"" >> "$WORK/logs/profiler.log" 2>&1
    "$JAVA_BENCH" -cp "$WORK/classes" ProfileOwners "$WORK/router-cpu.collapsed" > "$WORK/router-cpu-owners.md" \
      && echo "profile: $WORK/router-cpu.collapsed, by owner in $WORK/router-cpu-owners.md"
  fi
}
profile_rounds start

for r in $(seq "$ROUNDS"); do
  read -ra ts <<<"$TARGETS"; k=$(( (r - 1) % ${#ts[@]} )); order="${ts[*]:k} ${ts[*]:0:k}"
  echo "round $r ($order), load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "$r load1 $(cut -d' ' -f1 /proc/loadavg)" >> "$WORK/load.txt"
  for t in $order; do nonstream $r $t; done
  for t in $order; do stream $r $t $STREAM_CONNS s; done
  for t in $order; do stream $r $t $LAT_CONNS l; done
done
profile_rounds stop

# ---- many open streams, held ----
if [ "$HOLD_STREAMS" -gt 0 ]; then
  echo "hold: $HOLD_STREAMS streams through the router for ${HOLD_SECONDS} s (ramp ${HOLD_RAMP} s)"
  frames=$(( HOLD_SECONDS ))
  heap_info() { "$ROUTER_JAVA_HOME/bin/jcmd" $ROUTER_PID GC.heap_info 2>/dev/null | awk '/total/ && /used/ {for (i=1;i<=NF;i++) if ($i=="used") {v=$(i+1); sub(/K,?/,"",v); s+=v}} END {printf "%.0f", s/1024}'; }
  # The live heap before any stream (after a full GC): what the half-way reading is compared with, per open stream.
  "$ROUTER_JAVA_HOME/bin/jcmd" $ROUTER_PID GC.run >/dev/null 2>&1; idle_live=$(heap_info)
  echo "live heap before the hold: $idle_live MB"
  "$JAVA_BENCH" -Xss256k -cp "$WORK/classes" StreamLoad hold $P_ROUTER /v1/chat/completions $KEY $HOLD_STREAMS $HOLD_RAMP $frames 1000 1000 \
    > "$WORK/logs/hold.log" 2>&1 & HOLD_PID=$!; PIDS+=($HOLD_PID)
  sleep "$HOLD_RAMP"
  : > "$WORK/hold-samples.txt"
  hold_end=$(( SECONDS + HOLD_SECONDS + 90 )); live_at=$(( SECONDS + HOLD_SECONDS / 2 )); live=0
  while kill -0 $HOLD_PID 2>/dev/null; do
    if [ $SECONDS -gt $hold_end ]; then echo "hold: client still running after $((HOLD_SECONDS + 90)) s; stopping it" >&2; kill $HOLD_PID; break; fi
    open=$(awk '/^open/ {v=$2} END {print v+0}' "$WORK/logs/hold.log")
    heap=$(heap_info)
    # Once, half-way: the live heap (after a full GC), which is what the streams really hold.
    # Its class histogram shows what each stream costs (bench/work/hold-histogram.txt, the 40 largest classes).
    if [ $live = 0 ] && [ $SECONDS -ge $live_at ]; then
      "$ROUTER_JAVA_HOME/bin/jcmd" $ROUTER_PID GC.run >/dev/null 2>&1; live=$(heap_info)
      live_open=$(awk '/^open/ {v=$2} END {print v+0}' "$WORK/logs/hold.log")
      { echo "open streams: $open"; "$ROUTER_JAVA_HOME/bin/jcmd" $ROUTER_PID GC.class_histogram 2>/dev/null | head -44; } > "$WORK/hold-histogram.txt"
    fi
    rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' /proc/$ROUTER_PID/status)
    thr=$(awk '/Threads/ {print $2}' /proc/$ROUTER_PID/status)
    echo "open=${open:-0} heap_used_mb=$heap rss_mb=$rss threads=$thr live_heap_mb=$live" | tee -a "$WORK/hold-samples.txt"
    sleep 10
  done
  wait $HOLD_PID || true
  tail -1 "$WORK/logs/hold.log"
  grep '^error' "$WORK/logs/hold.log" | head -5 || true
  awk -F'[ =]' '{ if ($2+0 > o) o=$2; if ($4+0 > h) h=$4; if ($6+0 > r) r=$6; if ($8+0 > t) t=$8; if ($10+0 > l) l=$10 }
    END { printf "hold\trouter\tmax_open\t%d\nhold\trouter\theap_mb\t%d\nhold\trouter\trss_mb\t%d\nhold\trouter\tthreads\t%d\nhold\trouter\tlive_heap_mb\t%d\n", o, h, r, t, l }' \
    "$WORK/hold-samples.txt" >> "$RES"
  if [ "${live:-0}" -gt 0 ] && [ "${live_open:-0}" -gt 0 ]; then
    printf 'hold\trouter\tidle_live_heap_mb\t%s\nhold\trouter\tlive_open\t%s\n' "$idle_live" "$live_open" >> "$RES"
    awk -v l=$live -v i=$idle_live -v n=$live_open 'BEGIN {printf "hold\trouter\tkb_per_stream\t%.1f\n", (l - i) * 1024 / n}' >> "$RES"
    # Under load the client's count runs ahead of the router's: Tomcat's request objects (one per open request, the
    # processor cache being off) say how many streams the router really held at that moment.
    reqs=$(awk '$4 == "org.apache.coyote.Request" {print $2}' "$WORK/hold-histogram.txt")
    [ -z "$reqs" ] || awk -v l=$live -v i=$idle_live -v n=$reqs 'BEGIN {printf "hold\trouter\ttomcat_requests\t%d\nhold\trouter\tkb_per_request\t%.1f\n", n, (l - i) * 1024 / n}' >> "$RES"
  fi
  last=$(grep '^streams=' "$WORK/logs/hold.log" | tail -1 || true)
  [ -n "$last" ] || last=$(awk '/^open/ {c=$4; e=$6} END {print "completed=" c+0 " errors=" e+0}' "$WORK/logs/hold.log")
  tr ' ' '\n' <<<"$last" | awk -F= '$1=="errors" || $1=="completed" {printf "hold\trouter\t%s\t%s\n", $1, $2}' >> "$RES"
fi

"$JAVA_BENCH" -Ds.conns=$STREAM_CONNS -Dl.conns=$LAT_CONNS -Dhold.seconds=$HOLD_SECONDS -cp "$WORK/classes" Summary "$RES" "$WORK/load.txt" "$ROUNDS" "$HOLD_STREAMS" | tee "$WORK/summary.md"
echo "raw results: $RES; summary: $WORK/summary.md; logs: $WORK/logs/"
[ "$PROFILE" = 1 ] && echo "profile: $WORK/router.jfr (written when the router stops)"
exit 0
