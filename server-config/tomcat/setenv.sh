# ai-router on Tomcat: JVM options and router settings. Copy to $CATALINA_BASE/bin/setenv.sh (catalina.sh sources it).

# Parallel GC: measured about 4.5 µs less per proxied request than G1 on this workload (see README, Performance).
# -Xmx: the router keeps routes, keys and queued usage in memory; 512 MB is plenty for thousands of keys.
CATALINA_OPTS="$CATALINA_OPTS -XX:+UseParallelGC -Xmx512m"

# Where the embedded H2 database (if no DataSource is configured) and the generated secrets live. Back it up.
CATALINA_OPTS="$CATALINA_OPTS -Dairouter.data-dir=$CATALINA_BASE/data/ai-router"

# The admin password for the admin API and the console (else ADMIN_PASSWORD, else one is generated and logged).
# Prefer the environment for secrets: export AIROUTER_ADMIN_PASSWORD=... before starting Tomcat.
# CATALINA_OPTS="$CATALINA_OPTS -Dairouter.admin-password=change-me"

# Only if the DataSource in conf/Catalina/localhost/ROOT.xml has another name than jdbc/airouter:
# CATALINA_OPTS="$CATALINA_OPTS -Dairouter.datasource=java:comp/env/jdbc/other"

export CATALINA_OPTS
