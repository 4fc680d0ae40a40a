#!/usr/bin/env bash
# Issue 14: HTTP cost of key restrictions, one wrk run (64 connections): GET /api/user/current with a key that has
# every restriction (read-only, path allow-list, address allow-list, a rate limit too large to refuse) against
# GET /api/health without credentials (the baseline), and the same key unrestricted, interleaved over two rounds.
# Prints each ratio to health. Goal: restricted ÷ health ≥ 0.85. Server: the shaded jar on H2 (in-memory buckets).
#   bench/restricted-http.sh            # PORT=3918 CONNECTIONS=64 THREADS=2 DURATION=10s
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-3918}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
DURATION=${DURATION:-10s}
BASE="http://127.0.0.1:$PORT"
DIR=target/bench-restricted-http

[ -f target/latchkey.jar ] || mvn -B -q package -DskipTests
rm -rf "$DIR" && mkdir -p "$DIR"
MB_JETTY_HOST=127.0.0.1 MB_JETTY_PORT=$PORT MB_DB_FILE="$PWD/$DIR/latchkey" java -jar target/latchkey.jar > "$DIR/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf "$BASE/api/health" >/dev/null && break; sleep 0.5; done

token=$(curl -sf "$BASE/api/session/properties" | jq -r '."setup-token"')
session=$(curl -sf -H 'Content-Type: application/json' "$BASE/api/setup" -d "{\"token\":\"$token\",
  \"user\":{\"email\":\"bench@example.com\",\"first_name\":\"Bench\",\"last_name\":\"Admin\",\"password\":\"Bench-passw0rd\"},
  \"prefs\":{\"site_name\":\"bench\"}}" | jq -r .id)
newkey() {
  curl -sf -H "X-Metabase-Session: $session" -H 'Content-Type: application/json' "$BASE/api/api-key" -d "$1" | jq -r .unmasked_key
}
plain=$(newkey '{"name":"plain","group_id":2}')
restricted=$(newkey '{"name":"restricted","group_id":2,"restrictions":{"read_only":true,
  "allowed_paths":["/api/card","/api/collection","/api/user"],"allowed_ips":["10.0.0.0/8","127.0.0.1","::1"],
  "rate_limit":{"requests":1000000,"per_seconds":1}}}')
curl -sfi -H "x-api-key: $restricted" "$BASE/api/user/current" | grep -i '^ratelimit-limit' >/dev/null

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
rate() { wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" | tee -a "$DIR/wrk.txt" | awk '/Requests\/sec/ {print $2}'; }
for path in /api/health /api/user/current; do wrk -t"$THREADS" -c"$CONNECTIONS" -d4s -H "x-api-key: $restricted" "$BASE$path" >/dev/null; done
for round in $(seq 1 ${ROUNDS:-2}); do
  health=$(rate "$BASE/api/health")
  limited=$(rate -H "x-api-key: $restricted" "$BASE/api/user/current")
  unlimited=$(rate -H "x-api-key: $plain" "$BASE/api/user/current")
  echo "round $round: health $health req/s; restricted key /api/user/current $limited req/s (ratio $(echo "scale=3; $limited / $health" | bc));" \
       "unrestricted key $unlimited req/s (ratio $(echo "scale=3; $unlimited / $health" | bc))"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
