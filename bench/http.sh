#!/usr/bin/env bash
# HTTP load in one run with wrk (Debian package `wrk`): the cost of X-API-Key authentication itself
# (GET /api/user/current with a key vs the unauthenticated GET /api/health), and the seed's example
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

[ -f target/latchkey.jar ] || mvn -B -q -o package -DskipTests
rm -rf "$DIR" && mkdir -p "$DIR"
MB_JETTY_HOST=127.0.0.1 MB_JETTY_PORT=$PORT MB_DB_FILE="$PWD/$DIR/latchkey" java -jar target/latchkey.jar > "$DIR/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf "$BASE/api/health" >/dev/null && break; sleep 0.5; done

token=$(curl -sf "$BASE/api/session/properties" | jq -r '."setup-token"')
session=$(curl -sf -H 'Content-Type: application/json' "$BASE/api/setup" -d "{\"token\":\"$token\",
  \"user\":{\"email\":\"bench@example.com\",\"first_name\":\"Bench\",\"last_name\":\"Admin\",\"password\":\"Bench-passw0rd\"},
  \"prefs\":{\"site_name\":\"bench\"}}" | jq -r .id)
key=$(curl -sf -H "X-Metabase-Session: $session" -H 'Content-Type: application/json' "$BASE/api/api-key" \
  -d '{"name":"bench key","group_id":2}' | jq -r .unmasked_key)
curl -sf -H "x-api-key: $key" "$BASE/api/user/current" >/dev/null

run() { echo "== $1"; shift; wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@"; echo; }
# A short warm-up so the JIT has compiled the request path before anything is measured.
wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -H "x-api-key: $key" "$BASE/api/user/current" >/dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d3s "$BASE/api/health" >/dev/null
run "GET /api/health (no credentials)" "$BASE/api/health"
run "GET /api/user/current with x-api-key" -H "x-api-key: $key" "$BASE/api/user/current"
run "GET /api/permissions/group with x-api-key" -H "x-api-key: $key" "$BASE/api/permissions/group"
