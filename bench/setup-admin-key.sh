# Sourced by the HTTP benchmarks once the server at $BASE answers: first-run setup of a bench admin, then an
# Administrators API key. Sets $session and $key.
token=$(curl -sf "$BASE/api/session/properties" | jq -r '."setup-token"')
session=$(curl -sf -H 'Content-Type: application/json' "$BASE/api/setup" -d "{\"token\":\"$token\",
  \"user\":{\"email\":\"bench@example.com\",\"first_name\":\"Bench\",\"last_name\":\"Admin\",\"password\":\"Bench-passw0rd\"},
  \"prefs\":{\"site_name\":\"bench\"}}" | jq -r .id)
key=$(curl -sf -H "X-Metabase-Session: $session" -H 'Content-Type: application/json' "$BASE/api/api-key" \
  -d '{"name":"bench key","group_id":2}' | jq -r .unmasked_key)
curl -sf -H "x-api-key: $key" "$BASE/api/user/current" >/dev/null
