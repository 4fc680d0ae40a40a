#!/usr/bin/env bash
# Serialization benchmark: import, export, re-import and re-export of 10,000 entities through the HTTP API
# (dev.latchkey.bench.SerializationBench), on each database in DBS. Each run uses a fresh instance.
#   bench/serialization.sh              # DBS="h2 postgres mariadb", 3 runs each
#   DBS=h2 bench/serialization.sh 1     # one run on H2
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
# run from a copy, so that compiling in the same tree during a long run cannot swap classes under it
rm -rf target/bench-serialization && mkdir -p target/bench-serialization
cp -r target/classes target/test-classes target/bench-serialization/
CP="target/bench-serialization/test-classes:target/bench-serialization/classes:$(cat target/bench-classpath.txt)"
for db in ${DBS:-h2 postgres mariadb}; do
  LATCHKEY_TEST_DB=$db java -Xmx1g -cp "$CP" dev.latchkey.bench.SerializationBench "$RUNS" 2> "target/bench-serialization-$db.log"
done
