#!/usr/bin/env bash
# Key creation rate through ApiKeyService.create on a fresh H2 file database (target/bench/create-rate).
#   bench/create-rate.sh [warm-up count] [measured count]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
exec java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" dev.latchkey.bench.CreateRate "$@"
