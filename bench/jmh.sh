#!/usr/bin/env bash
# Runs the JMH benchmarks under src/test/java/dev/latchkey/bench. Arguments go to JMH, e.g.
#   bench/jmh.sh ApiKeyVerifyBench -f 1 -wi 2 -i 3 -w 1s -r 1s
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
exec java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" org.openjdk.jmh.Main "$@"
