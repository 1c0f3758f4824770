# ai-router on Tomcat: JVM options and router settings. Copy to $CATALINA_BASE/bin/setenv.sh (catalina.sh sources it).

# Tomcat $CATALINA_BASE/bin/setenv.sh for ai-router. Measured by bench/run.sh; see server-config/PERFORMANCE.md.
#   -XX:+UseParallelGC  G1 (the default) cost 1.18x the CPU per request and 0.87x the throughput in an A/B run of
#                       bench/run.sh (server-config/PERFORMANCE.md): this load makes short-lived garbage only.
#   -Xmx1g              about 45 MB live idle + about 112 KB per open stream (bench/README.md; 90 KB of it is Tomcat's
#                       own per-connection buffers): 1 GB holds about 8,000 streams. For more, give it
#                       100 MB + 130 KB x the streams you expect to hold at once (10,000 streams: -Xmx1400m).
# The Java that runs Tomcat: the WAR is Java 17 bytecode and runs on 17 and later, and Java 25 warms up on the least CPU
# and allocates less per request (server-config/PERFORMANCE.md). AIROUTER_JAVA_HOME wins; else JAVA_HOME as set; else a JDK 25 in the usual
# place if there is one (catalina.sh reads JAVA_HOME after this file).
if [ -n "${AIROUTER_JAVA_HOME:-}" ]; then JAVA_HOME="$AIROUTER_JAVA_HOME"
elif [ -z "${JAVA_HOME:-}" ]; then
  for d in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-arm64 /usr/lib/jvm/java-25-openjdk-arm64; do
    [ -x "$d/bin/java" ] && { JAVA_HOME="$d"; break; }
  done
fi
[ -z "${JAVA_HOME:-}" ] || export JAVA_HOME
# Add -XX:StartFlightRecording=filename=router.jfr,settings=profile to profile a load test (JFR, about 1-2 % cost).
# Set first, so options given in CATALINA_OPTS (e.g. -XX:-UseParallelGC -XX:+UseG1GC) override them.
CATALINA_OPTS="-XX:+UseParallelGC -Xmx1g $CATALINA_OPTS"


# Where the embedded H2 database (if no DataSource is configured) and the generated secrets live. Back it up.
CATALINA_OPTS="$CATALINA_OPTS -Dairouter.data-dir=$CATALINA_BASE/data/ai-router"

# The admin password for the admin API and the console (else ADMIN_PASSWORD, else one is generated and logged).
# Prefer the environment for secrets: export AIROUTER_ADMIN_PASSWORD=... before starting Tomcat.
# CATALINA_OPTS="$CATALINA_OPTS -Dairouter.admin-password=change-me"

# Only if the DataSource in conf/Catalina/localhost/ROOT.xml has another name than jdbc/airouter:
# CATALINA_OPTS="$CATALINA_OPTS -Dairouter.datasource=java:comp/env/jdbc/other"

export CATALINA_OPTS
