# Tomcat $CATALINA_BASE/bin/setenv.sh for ai-router. Measured by bench/run.sh; see server-config/PERFORMANCE.md.
#   -XX:+UseParallelGC  about 4.5 us less CPU per request than G1 (the default) for this allocation pattern
#                       (short-lived request objects, little old-generation churn); pauses stayed in the ms range.
#   -Xmx1g              10,000 open streams used well under 512 MB of heap; 1 GB leaves headroom for the admin side.
# Add -XX:StartFlightRecording=filename=router.jfr,settings=profile to profile a load test (JFR, about 1-2 % cost).
# Set first, so options given in CATALINA_OPTS (e.g. -XX:-UseParallelGC -XX:+UseG1GC) override them.
CATALINA_OPTS="-XX:+UseParallelGC -Xmx1g $CATALINA_OPTS"
