#!/usr/bin/env bash
# HTTP load in one run with wrk (Debian package `wrk`), 64 connections: the cost of X-API-Key authentication
# itself (GET /api/health without credentials vs with a key: the filter authenticates whenever credentials are
# sent), GET /api/user/current with a key (and with a session, for comparison), and the seed's example
# GET /api/permissions/group with a key. The server runs from the shaded jar on H2, on 127.0.0.1:$PORT.
#   bench/http.sh                      # PORT=3917 CONNECTIONS=64 THREADS=2 DURATION=10s
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-3917}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
DURATION=${DURATION:-10s}
BASE="http://127.0.0.1:$PORT"
DIR=target/bench-http

[ -f target/latchkey.jar ] || mvn -B -q package -DskipTests
rm -rf "$DIR" && mkdir -p "$DIR"
MB_JETTY_HOST=127.0.0.1 MB_JETTY_PORT=$PORT MB_DB_FILE="$PWD/$DIR/latchkey" java -jar target/latchkey.jar > "$DIR/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf "$BASE/api/health" >/dev/null && break; sleep 0.5; done

. bench/setup-admin-key.sh

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
run() { echo "== $1"; shift; wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@"; echo; }
# Warm-up on every endpoint, so the JIT has compiled each request path before anything is measured.
for path in /api/health /api/user/current /api/permissions/group; do
  wrk -t"$THREADS" -c"$CONNECTIONS" -d4s -H "x-api-key: $key" "$BASE$path" >/dev/null
done
# Two rounds, interleaved, so a burst of load from elsewhere on the machine does not favour one endpoint.
for round in 1 2; do
  echo "#### round $round"
  run "GET /api/health (no credentials)" "$BASE/api/health"
  run "GET /api/health with x-api-key" -H "x-api-key: $key" "$BASE/api/health"
  run "GET /api/user/current with x-api-key" -H "x-api-key: $key" "$BASE/api/user/current"
  run "GET /api/user/current with X-Metabase-Session" -H "X-Metabase-Session: $session" "$BASE/api/user/current"
  run "GET /api/permissions/group with x-api-key" -H "x-api-key: $key" "$BASE/api/permissions/group"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
