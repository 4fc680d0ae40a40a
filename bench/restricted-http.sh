#!/usr/bin/env bash
# Issue 14: HTTP cost of key restrictions, with wrk (64 connections): GET /api/user/current with a key that has
# every restriction (read-only, path allow-list, address allow-list, a rate limit too large to refuse) against
# GET /api/health without credentials (the baseline), and the same request with an unrestricted key, interleaved
# over $ROUNDS rounds after an uncounted warm-up. Prints each round and the medians; goal: restricted ÷ health ≥ 0.85.
# Server: the shaded jar on H2 (in-memory buckets).
#   bench/restricted-http.sh            # PORT=3918 CONNECTIONS=64 THREADS=2 DURATION=10s ROUNDS=3
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-3918}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-3}
DIR=target/bench-restricted-http

. bench/start-server.sh
. bench/setup-admin-key.sh
. bench/wrk-rounds.sh

newkey() {
  curl -sf -H "X-Metabase-Session: $session" -H 'Content-Type: application/json' "$BASE/api/api-key" -d "$1" | jq -r .unmasked_key
}
restricted=$(newkey '{"name":"restricted","group_id":2,"restrictions":{"read_only":true,
  "allowed_paths":["/api/card","/api/collection","/api/user"],"allowed_ips":["10.0.0.0/8","127.0.0.1","::1"],
  "rate_limit":{"requests":1000000,"per_seconds":1}}}')
curl -sfi -H "x-api-key: $restricted" "$BASE/api/user/current" | grep -i '^ratelimit-limit' >/dev/null

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
one_round() {
  measure "GET /api/health (no credentials)" "$BASE/api/health"
  measure "GET /api/user/current, restricted key" -H "x-api-key: $restricted" "$BASE/api/user/current"
  measure "GET /api/user/current, unrestricted key" -H "x-api-key: $key" "$BASE/api/user/current"
}
run_rounds
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
summarize "GET /api/user/current, restricted key" "GET /api/health (no credentials)"
summarize "GET /api/user/current, unrestricted key" "GET /api/health (no credentials)" | tail -1
