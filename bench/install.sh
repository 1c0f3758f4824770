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
JAVA_BENCH=${JAVA_BENCH:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
if ! "$JAVA_BENCH" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
  echo "warning: no Java 21+ at $JAVA_BENCH; set JAVA_BENCH to one (the mock and the client use virtual threads)" >&2
fi
echo "ready: bash bench/run.sh"
