#!/usr/bin/env bash
# What bench/run.sh needs, installed idempotently (Debian/Ubuntu, as root): nginx (the raw-proxy baseline and the
# fast non-stream mock), wrk (the non-stream load), unzip and curl; the Tomcat 11 zip from Maven Central; the WAR.
# The mock and the streaming client need a Java 21+ JDK (virtual threads): set JAVA_BENCH=/path/to/bin/java if it is
# not /usr/lib/jvm/temurin-25-jdk-amd64/bin/java.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
for pkg in nginx:nginx-light wrk:wrk unzip:unzip curl:curl; do
  command -v "${pkg%%:*}" >/dev/null || missing+=("${pkg#*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
# The Debian package may start a system nginx on port 80; the bench runs its own instances and does not need it.
ZIP="$HOME/.m2/repository/org/apache/tomcat/tomcat/11.0.24/tomcat-11.0.24.zip"
[ -f "$ZIP" ] || mvn -q dependency:get -Dartifact=org.apache.tomcat:tomcat:11.0.24:zip
[ -f target/ai-router.war ] || mvn -q -DskipTests package
# async-profiler, for PROFILE=ap (CPU samples with kernel frames): its jar on Maven Central carries the native library.
AP_JAR="$HOME/.m2/repository/tools/profiler/async-profiler/4.1/async-profiler-4.1.jar"
[ -f "$AP_JAR" ] || mvn -q dependency:get -Dartifact=tools.profiler:async-profiler:4.1
[ -f bench/.async-profiler/linux-x64/libasyncProfiler.so ] || unzip -q -o "$AP_JAR" 'linux-x64/*' -d bench/.async-profiler
# The Portkey gateway, pinned. Its server (@hono/node-server, "^1.3.3") is held at 1.13.8: from 1.19 on it keeps the
# upstream fetch's immutable headers in the response it builds, and Portkey's header append then fails every stream
# with a 500 ("TypeError: immutable", Node 20).
if [ ! -f bench/.portkey/node_modules/@portkey-ai/gateway/build/start-server.js ]; then
  command -v npm >/dev/null || { echo "warning: no npm: the Portkey column needs node and npm (or PORTKEY=0)" >&2; }
  if command -v npm >/dev/null; then
    mkdir -p bench/.portkey
    printf '%s\n' '{"private": true, "dependencies": {"@portkey-ai/gateway": "1.15.2"},' \
      ' "overrides": {"@hono/node-server": "1.13.8"}}' > bench/.portkey/package.json
    (cd bench/.portkey && npm install --no-audit --no-fund --loglevel=error)
  fi
fi
JAVA_BENCH=${JAVA_BENCH:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
if ! "$JAVA_BENCH" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
  echo "warning: no Java 21+ at $JAVA_BENCH; set JAVA_BENCH to one (the mock and the client use virtual threads)" >&2
fi
echo "ready: bash bench/run.sh"
