#!/usr/bin/env bash
# Revocation delay across two Latchkey instances on one database: bench/revocation.sh [count] (default 200).
#   DBS="postgres mariadb" (the servers the tests use; each run creates and drops its own database)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
for db in ${DBS:-postgres mariadb}; do
  echo "== $db, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  LATCHKEY_TEST_DB=$db java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
    dev.latchkey.bench.RevocationDelay "${1:-200}" 2>target/revocation-$db.log | grep -v "^[0-9][0-9]:"
  echo "   load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
done
