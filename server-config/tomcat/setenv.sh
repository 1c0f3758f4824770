# Tomcat $CATALINA_BASE/bin/setenv.sh for ai-router. Measured by bench/run.sh; see server-config/PERFORMANCE.md.
#   -XX:+UseParallelGC  the prototype measured about 4.5 us less CPU per request than G1 (the default) for this
#                       allocation pattern (short-lived request objects, little old-generation churn).
#   -Xmx1g              about 80 MB idle + about 180 KB per open stream today (bench/README.md): 1 GB holds about
#                       5,000 streams. Raise it to 100 MB + 200 KB x the streams you expect to hold at once.
# Add -XX:StartFlightRecording=filename=router.jfr,settings=profile to profile a load test (JFR, about 1-2 % cost).
# Set first, so options given in CATALINA_OPTS (e.g. -XX:-UseParallelGC -XX:+UseG1GC) override them.
CATALINA_OPTS="-XX:+UseParallelGC -Xmx1g $CATALINA_OPTS"
