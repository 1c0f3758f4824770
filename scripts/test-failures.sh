#!/usr/bin/env bash
# Prints which tests failed, and why (the first run's failure and each rerun's), and which passed only when run again
# (flakes), from the Surefire and Failsafe reports under target/ (or the directory given). CI keeps only the tail of a
# build's output, and a failure on Tomcat 11 scrolls away behind the WildFly and Payara runs that follow it, so
# .ci/run calls this last. The work is in TestFailures.java, run as a single-file program by the JDK that runs Maven.
set -uo pipefail
cd "$(dirname "$0")/.."
java_cmd=java
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then java_cmd="$JAVA_HOME/bin/java"; fi
exec "$java_cmd" scripts/TestFailures.java "${1:-target}"
