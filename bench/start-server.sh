# Sourced by the HTTP benchmarks: starts the shaded jar on H2 at 127.0.0.1:$PORT with its database in $DIR (emptied
# first) and any extra environment in the array SERVER_ENV, then waits until /api/health answers. Sets $BASE and
# $SERVER, and an EXIT trap that stops the server (a script that starts more programs replaces the trap).
BASE="http://127.0.0.1:$PORT"
[ -f target/latchkey.jar ] || mvn -B -q package -DskipTests
rm -rf "$DIR" && mkdir -p "$DIR"
env ${SERVER_ENV[@]+"${SERVER_ENV[@]}"} MB_JETTY_HOST=127.0.0.1 MB_JETTY_PORT="$PORT" MB_DB_FILE="$DIR/latchkey" \
  java -jar target/latchkey.jar > "$DIR/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf "$BASE/api/health" >/dev/null && break; sleep 0.5; done
curl -sf "$BASE/api/health" >/dev/null || { echo "server did not start: $DIR/server.log" >&2; exit 1; }
