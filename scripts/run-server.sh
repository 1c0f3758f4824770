#!/usr/bin/env bash
# Runs a full Jakarta EE server from target/servers/ with the `ee` WAR deployed at "/", in the foreground; Ctrl-C
# stops it. Called by `mvn -Pwildfly-run` and `mvn -Ppayara-run` (which fetch and unpack the server first).
#   scripts/run-server.sh wildfly WILDFLY_HOME WAR PORT_OFFSET
#   scripts/run-server.sh payara  PAYARA_MICRO_JAR WAR HTTP_PORT ROOT_DIR
set -euo pipefail
server=$1
case "$server" in
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
    exec java -jar "$jar" --deploy "$war" --contextroot / --port "$port" --nocluster --rootdir "$root"
    ;;
  *) echo "usage: $0 wildfly|payara ..." >&2; exit 2 ;;
esac
