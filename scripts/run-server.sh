#!/usr/bin/env bash
# Runs a server from target/servers/ with the router's WAR deployed at "/", in the foreground; Ctrl-C stops it.
# Called by scripts/run.sh and `mvn` (Tomcat), `mvn -Pwildfly-run` and `mvn -Ppayara-run` (which fetch and unpack the server first).
#   scripts/run-server.sh tomcat  TOMCAT_HOME WAR HTTP_PORT CATALINA_BASE DATA_DIR
#   scripts/run-server.sh wildfly WILDFLY_HOME WAR PORT_OFFSET
#   scripts/run-server.sh payara  PAYARA_MICRO_JAR WAR HTTP_PORT ROOT_DIR
set -euo pipefail
server=$1

# Runs a server in the background and stays with it: Maven does not stop what it started when it is killed (only
# Ctrl-C reaches the whole process group), so the server is stopped, gracefully, when Maven goes or this script is
# signalled; its exit status is this script's.
follow() {
  "$@" &
  local child=$!
  trap 'kill -TERM $child 2>/dev/null || true' INT TERM
  while kill -0 "$child" 2>/dev/null; do
    kill -0 "$PPID" 2>/dev/null || kill -TERM "$child" 2>/dev/null || true
    sleep 1
  done
  wait "$child"
}

# The Java the server runs on. The WAR is Java 17 bytecode and runs on 17 and later; Java 25 warms up on far less CPU
# and allocates less per request (server-config/PERFORMANCE.md), so it is picked when installed: AIROUTER_JAVA_HOME if set, else a JDK 25,
# else 21, in the usual places, else JAVA_HOME (or the java on PATH) as before.
java_major() { sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null; }
pick_java() {
  if [ -n "${AIROUTER_JAVA_HOME:-}" ]; then echo "$AIROUTER_JAVA_HOME"; return; fi
  local want d
  for want in 25 21; do
    for d in /usr/lib/jvm/* /opt/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
      [ -x "$d/bin/java" ] && [ "$(java_major "$d")" = "$want" ] && { echo "$d"; return; }
    done
  done
  echo "${JAVA_HOME:-}"
}
RUN_JAVA_HOME=$(pick_java)
if [ -n "$RUN_JAVA_HOME" ]; then
  export JAVA_HOME="$RUN_JAVA_HOME" PATH="$RUN_JAVA_HOME/bin:$PATH"
  major=$(java_major "$RUN_JAVA_HOME")
  echo "ai-router runs on Java ${major:-?} ($RUN_JAVA_HOME)$([ "${major:-0}" -lt 25 ] 2>/dev/null \
    && echo "; Java 25 would warm up on less CPU and allocate less (server-config/PERFORMANCE.md)"); AIROUTER_JAVA_HOME picks another"
fi

# What a newcomer needs, printed once the router answers (after the server's own start-up lines): the URL, the data
# directory, the Java that runs it and where the admin password is. Gives up quietly if the server never answers.
announce() {
  local port=$1 data=$2 java=${JAVA_HOME:+$JAVA_HOME/bin/}java i
  for i in $(seq 1 600); do
    kill -0 $$ 2>/dev/null || return 0
    if command -v curl >/dev/null; then
      curl -fs -o /dev/null "http://127.0.0.1:$port/health/ready" && break
    else
      (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    fi
    sleep 0.5
  done
  [ "$i" -lt 600 ] || return 0
  local password
  if [ -n "${AIROUTER_ADMIN_PASSWORD:-}${ADMIN_PASSWORD:-}" ] || [[ "${CATALINA_OPTS:-}" == *airouter.admin-password* ]]; then
    password="the one you configured (user \"admin\")"
  elif [ -f "$data/initial-admin-password" ]; then
    password="cat $data/initial-admin-password   (user \"admin\"; delete the file once stored)"
  else
    password="generated at the first start and shown once; set AIROUTER_ADMIN_PASSWORD to choose one"
  fi
  local rule="================================================================================"
  printf '%s\n' "" "$rule" \
    " ai-router is running:  http://localhost:$port/   (OpenAI base_url http://localhost:$port/v1)" \
    " data directory:        $data" \
    " Java:                  $("$java" -version 2>&1 | head -1) at $(readlink -f "$(command -v "$java")")" \
    " admin password:        $password" \
    " stop:                  Ctrl-C" \
    "$rule"
}

case "$server" in
  tomcat)
    home=$2 war=$3 port=$4 base=$5 data=$6
    # A CATALINA_BASE of its own, rebuilt at every run with the router as its only webapp (the distribution's
    # ROOT, docs, examples, manager and host-manager stay unused in its home). Nothing of the router's lives here:
    # its data is in $data, which survives runs and `mvn clean`.
    rm -rf "$base"
    mkdir -p "$base"/{conf,logs,temp,webapps,work}
    cp -r "$home"/conf/. "$base/conf/"
    # The HTTP port as asked; no shutdown port (8005 may be taken on a shared machine; a signal stops Tomcat).
    sed -i -e "s/port=\"8080\"/port=\"$port\"/" -e "s/<Server port=\"8005\"/<Server port=\"-1\"/" "$base/conf/server.xml"
    cp "$war" "$base/webapps/ROOT.war"
    # The heap set here, not left to the JVM's share of the machine: 1 GB as server-config/tomcat/setenv.sh explains.
    opts="-XX:+UseParallelGC -Xmx${AIROUTER_HEAP:-1g}"
    [ -n "${AIROUTER_DATA_DIR:-}" ] || opts="$opts -Dairouter.data-dir=$data"   # the environment's setting wins
    data=${AIROUTER_DATA_DIR:-$data}
    announce "$port" "$data" &
    CATALINA_HOME="$home" CATALINA_BASE="$base" CATALINA_OPTS="${CATALINA_OPTS:-} $opts" \
      follow bash "$home/bin/catalina.sh" run
    ;;
  wildfly)
    home=$2 war=$3 offset=$4
    rm -f "$home"/standalone/deployments/ROOT.war*          # a previous run's markers (.deployed, .failed)
    # WildFly's default host sends /console/* to its management console before the router sees it; the router's
    # console lives there, so that redirect is turned off (offline, before the start; idempotent).
    cli=$(mktemp)
    { echo "embed-server --std-out=discard"; grep -v '^#' "$(dirname "$0")/../server-config/wildfly/console-path.cli"
      echo "stop-embedded-server"; } > "$cli"
    "$home/bin/jboss-cli.sh" --file="$cli" >/dev/null
    rm -f "$cli"
    cp "$war" "$home/standalone/deployments/ROOT.war"
    echo "ai-router on WildFly: http://localhost:$((8080 + offset))/ (management $((9990 + offset))); Ctrl-C stops it"
    # The router's data directory on WildFly unless set: jboss.server.data.dir/ai-router (docs/deployment.md).
    announce $((8080 + offset)) "${AIROUTER_DATA_DIR:-$home/standalone/data/ai-router}" &
    exec "$home/bin/standalone.sh" -Djboss.socket.binding.port-offset="$offset"
    ;;
  payara)
    jar=$2 war=$3 port=$4 root=$5
    echo "ai-router on Payara Micro: http://localhost:$port/; Ctrl-C stops it"
    # Payara has no data directory of its own to offer, so the router's default is ~/.ai-router (docs/deployment.md).
    announce "$port" "${AIROUTER_DATA_DIR:-$HOME/.ai-router}" &
    follow java -jar "$jar" --deploy "$war" --contextroot / --port "$port" --nocluster --rootdir "$root"
    ;;
  *) echo "usage: $0 wildfly|payara ..." >&2; exit 2 ;;
esac
