#!/usr/bin/env bash
# Forward authentication through Debian's nginx, in one run with wrk: nginx with auth_request to Latchkey
# (docs/forward-auth/nginx.conf, the README's snippet) versus the same nginx straight to the same upstream, plus
# Latchkey's GET /api/auth/verify and GET /api/user/current with a key called directly (the issue's reference).
# The upstream is a third nginx server block answering a fixed 200, so it costs next to nothing. Latchkey runs
# from the shaded jar on H2 at 127.0.0.1:$PORT, with nginx (127.0.0.1) as its trusted proxy.
#   bench/forward-auth.sh              # PORT=3927 CONNECTIONS=64 THREADS=2 DURATION=10s
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-3927}
AUTH_PORT=$((PORT + 1)); PLAIN_PORT=$((PORT + 2)); UPSTREAM_PORT=$((PORT + 3))
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
DURATION=${DURATION:-10s}
DIR="$PWD/target/bench-forward-auth"
SERVER_ENV=(LATCHKEY_TRUSTED_PROXIES=127.0.0.1)

. bench/start-server.sh
cat > "$DIR/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $DIR/nginx.pid;
error_log $DIR/nginx-error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $DIR/body; proxy_temp_path $DIR/proxy; fastcgi_temp_path $DIR/fastcgi;
    uwsgi_temp_path $DIR/uwsgi; scgi_temp_path $DIR/scgi;
    upstream latchkey { server 127.0.0.1:$PORT; keepalive 64; }
    upstream app { server 127.0.0.1:$UPSTREAM_PORT; keepalive 64; }
    server { listen 127.0.0.1:$UPSTREAM_PORT; location / { return 200 "upstream ok\n"; } }
    server { listen 127.0.0.1:$AUTH_PORT; include $PWD/docs/forward-auth/nginx.conf; }
    server {
        listen 127.0.0.1:$PLAIN_PORT;
        location / { proxy_http_version 1.1; proxy_set_header Connection ""; proxy_pass http://app; }
    }
}
CONF
nginx -p "$DIR/" -c "$DIR/nginx.conf" -e "$DIR/nginx-error.log" &
NGINX=$!
trap 'kill $NGINX $SERVER 2>/dev/null; wait $NGINX $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 20); do curl -s -o /dev/null "http://127.0.0.1:$AUTH_PORT/" && break; sleep 0.25; done

. bench/setup-admin-key.sh
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "x-api-key: $key" "http://127.0.0.1:$AUTH_PORT/orders/1")" = 200 ]
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$AUTH_PORT/orders/1")" = 401 ]

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
run() { echo "== $1"; shift; wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@"; echo; }
for url in "http://127.0.0.1:$PLAIN_PORT/orders/1" "http://127.0.0.1:$AUTH_PORT/orders/1" "$BASE/api/auth/verify" "$BASE/api/user/current"; do
  wrk -t"$THREADS" -c"$CONNECTIONS" -d4s -H "x-api-key: $key" "$url" >/dev/null   # warm-up (JIT, keep-alive pools)
done
# Two rounds, interleaved, so a burst of load from elsewhere on the machine does not favour one side.
for round in 1 2; do
  echo "#### round $round"
  run "nginx -> upstream (no auth)" "http://127.0.0.1:$PLAIN_PORT/orders/1"
  run "nginx auth_request -> Latchkey /api/auth/verify, then upstream" -H "x-api-key: $key" "http://127.0.0.1:$AUTH_PORT/orders/1"
  run "Latchkey GET /api/auth/verify (direct)" -H "x-api-key: $key" "$BASE/api/auth/verify"
  run "Latchkey GET /api/user/current with x-api-key (direct)" -H "x-api-key: $key" "$BASE/api/user/current"
done | tee "$DIR/wrk.txt"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
# Summary: mean requests/s and mean p99 of the two rounds per case, and auth_request / plain.
awk '/^== /{name=substr($0,4)} /Requests\/sec/{rps[name]+=$2; n[name]++}
     / 99%/{v=$2; if (v ~ /us$/) v=v/1000; else if (v ~ /ms$/) v=v+0; else if (v ~ /s$/) v=v*1000; p99[name]+=v}
     END {for (k in rps) printf "%-70s %10.0f req/s  p99 %7.2f ms\n", k, rps[k]/n[k], p99[k]/n[k];
          a="nginx auth_request -> Latchkey /api/auth/verify, then upstream"; b="nginx -> upstream (no auth)";
          printf "ratio auth_request / plain: %.3f (requests/s)\n", rps[a]/rps[b]}' "$DIR/wrk.txt"
