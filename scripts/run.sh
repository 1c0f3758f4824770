#!/usr/bin/env bash
# The run command: builds the WAR with the `run` profile (no test compilation, no test dependencies resolved), fetches
# Tomcat from Maven Central (into ~/.m2, unpacked into target/servers/) and runs the router on it at "/" in the
# foreground; Ctrl-C stops it. Needs Java 17+ and Maven, nothing else.
#   scripts/run.sh                                   http://localhost:8080/, data in ~/.ai-router
#   AIROUTER_PORT=9090 scripts/run.sh                another port
#   AIROUTER_CONFIG_FILE=$PWD/router.json AIROUTER_DATA_DIR=/srv/ai-router scripts/run.sh
#   AIROUTER_HEAP=2g scripts/run.sh                  the heap (default 1g, as server-config/tomcat/setenv.sh)
# Arguments go to Maven (e.g. -o to stay offline).
set -euo pipefail
cd "$(dirname "$0")/.."
port=${AIROUTER_PORT:-8080}
data=${AIROUTER_DATA_DIR:-$HOME/.ai-router}
tomcat=$(sed -n 's:.*<tomcat.version>\(.*\)</tomcat.version>.*:\1:p' pom.xml | head -1)
echo "Building ai-router and fetching Tomcat $tomcat (the first run downloads about 120 MB into ~/.m2)..."
mvn -B -q -Prun "$@"
exec bash scripts/run-server.sh tomcat "target/servers/apache-tomcat-$tomcat" target/ai-router.war "$port" \
  target/tomcat-run "$data"
