#!/usr/bin/env bash
# Runs a server from target/servers/ with the router's WAR deployed at "/", in the foreground; Ctrl-C stops it.
# Called by `mvn` (Tomcat), `mvn -Pwildfly-run` and `mvn -Ppayara-run` (which fetch and unpack the server first).
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
    opts="-XX:+UseParallelGC"
    [ -n "${AIROUTER_DATA_DIR:-}" ] || opts="$opts -Dairouter.data-dir=$data"   # the environment's setting wins
    echo "ai-router on Tomcat: http://localhost:$port/ (data in ${AIROUTER_DATA_DIR:-$data}); Ctrl-C stops it"
    CATALINA_HOME="$home" CATALINA_BASE="$base" CATALINA_OPTS="${CATALINA_OPTS:-} $opts" \
      follow bash "$home/bin/catalina.sh" run
    ;;
  wildfly)
    home=$2 war=$3 offset=$4
    rm -f "$home"/standalone/deployments/ROOT.war*          # a previous run's markers (.deployed, .failed)
    cp "$war" "$home/standalone/deployments/ROOT.war"
    echo "ai-router on WildFly: http://localhost:$((8080 + offset))/ (management $((9990 + offset))); Ctrl-C stops it"
    exec "$home/bin/standalone.sh" -Djboss.socket.binding.port-offset="$offset"
    ;;
  payara)
    jar=$2 war=$3 port=$4 root=$5
    echo "ai-router on Payara Micro: http://localhost:$port/; Ctrl-C stops it"
    follow java -jar "$jar" --deploy "$war" --contextroot / --port "$port" --nocluster --rootdir "$root"
    ;;
  *) echo "usage: $0 wildfly|payara ..." >&2; exit 2 ;;
esac
