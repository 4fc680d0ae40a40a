#!/usr/bin/env bash
# HTTP load with wrk (Debian package `wrk`), 64 connections: the cost of X-API-Key authentication itself
# (GET /api/health without credentials vs with a key: the filter authenticates whenever credentials are sent),
# GET /api/user/current with a key (and with a session, for comparison), and the seed's example
# GET /api/permissions/group with a key. The server runs from the shaded jar on H2, on 127.0.0.1:$PORT.
# Rounds are interleaved after an uncounted warm-up; the summary gives each endpoint's median over the rounds and
# user/current with a key ÷ health per round (issue 13's goal: ≥ 0.85 with usage recording on).
#   bench/http.sh                      # PORT=3917 CONNECTIONS=64 THREADS=2 DURATION=10s ROUNDS=3
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-3917}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-3}
DIR=target/bench-http

. bench/start-server.sh
. bench/setup-admin-key.sh
. bench/wrk-rounds.sh

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
one_round() {
  measure "GET /api/health (no credentials)" "$BASE/api/health"
  measure "GET /api/health with x-api-key" -H "x-api-key: $key" "$BASE/api/health"
  measure "GET /api/user/current with x-api-key" -H "x-api-key: $key" "$BASE/api/user/current"
  measure "GET /api/user/current with X-Metabase-Session" -H "X-Metabase-Session: $session" "$BASE/api/user/current"
  measure "GET /api/permissions/group with x-api-key" -H "x-api-key: $key" "$BASE/api/permissions/group"
}
run_rounds
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
summarize "GET /api/user/current with x-api-key" "GET /api/health (no credentials)"
