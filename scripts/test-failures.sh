#!/usr/bin/env bash
# Prints which tests failed, and why, and which passed only when run again (flakes), from the Surefire and Failsafe
# reports under target/. CI keeps only the tail of a build's output, and a failure on Tomcat 11 scrolls away behind the
# WildFly and Payara runs that follow it, so .ci/run calls this last.
set -uo pipefail
cd "$(dirname "$0")/.."
shopt -s nullglob
failed=0
for report in target/surefire-reports/*.txt target/failsafe-reports*/*.txt; do
  grep -qE 'FAILURE!|ERROR!' "$report" || continue
  failed=1
  echo "=== failed: ${report#target/}"
  # the failing methods with their messages and the first frames of each trace, not the whole trace
  awk '/<<< (FAILURE|ERROR)!/ { shown = 0; print; next }
       /^\tat / { if (shown++ < 6) print; next }
       /^-----/ { next }
       { if (length($0) > 400) $0 = substr($0, 1, 400) " ..."; print }' "$report" | head -60
done
flakes=0
for report in target/surefire-reports/TEST-*.xml target/failsafe-reports*/TEST-*.xml; do
  grep -qE '<flaky(Failure|Error)' "$report" || continue
  flakes=1
  echo "=== flaky (failed, then passed when run again): ${report#target/}"
  # each flaky test case and the message of its first failed run
  awk '/<testcase / { match($0, /name="[^"]*"/); name = substr($0, RSTART + 6, RLENGTH - 7) }
       /<flaky(Failure|Error)/ { m = $0; if (match(m, /message="[^"]*"/)) m = substr(m, RSTART + 9, RLENGTH - 10); else m = "";
                                  print "  " name ": " substr(m, 1, 300) }' "$report" | head -20 \
    | sed 's/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&#10;/ /g; s/&amp;/\&/g'
done
if [ "$failed" = 0 ] && [ "$flakes" = 0 ]; then
  echo "test reports: no failed and no flaky test under target/"
elif [ "$failed" = 0 ]; then
  echo "test reports: no failed test; the flaky ones above passed when run again (-Dit.reruns, pom.xml)"
fi
