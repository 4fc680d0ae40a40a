# Sourced by the HTTP benchmarks after start-server.sh: measure NAME [wrk args…] runs wrk once ($THREADS threads,
# $CONNECTIONS connections, $DURATION) and appends "round name req/s p99_ms server_cpu_us_per_request" to
# $DIR/rounds.tsv, where the server's CPU is read from /proc before and after (user + system time of the JVM, so it
# holds whatever else the machine does). summarize NAME_A NAME_B prints, per endpoint, the median of the rounds and,
# per round, NAME_A's requests/s ÷ NAME_B's with their median: with two cores shared by wrk, the server and the rest
# of the machine, one round says little and the median of several interleaved rounds is the figure to quote.
ROUND=0
: > "$DIR/rounds.tsv"
server_ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
measure() {
  local name=$1; shift
  local before out after
  before=$(server_ticks)
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@")
  after=$(server_ticks)
  echo "$out" >> "$DIR/wrk.txt"
  echo "$out" | awk -v r="$ROUND" -v n="$name" -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" '
    /requests in/ {count=$1} /Requests\/sec/ {rps=$2}
    / 99%/ {v=$2; if (v ~ /us$/) v=v/1000; else if (v ~ /ms$/) v=v+0; else if (v ~ /s$/) v=v*1000; p99=v}
    END {printf "%s\t%s\t%.0f\t%.2f\t%.1f\n", r, n, rps, p99, t * 1e6 / hz / count}' | tee -a "$DIR/rounds.tsv" |
    awk -F'\t' '{printf "  %-52s %8s req/s  p99 %7s ms  server CPU %6s µs/request\n", $2, $3, $4, $5}'
}
# run_rounds: the caller's one_round (a sequence of measure calls), first twice as a warm-up that is not counted
# (the first measured round after a shorter warm-up ran at a fraction of the later ones' rate: JIT and heap sizing),
# then $ROUNDS times.
run_rounds() {
  local d=$DURATION
  DURATION=${WARMUP:-4s}; ROUND=0
  echo "#### warm-up (not counted)"; one_round; one_round
  DURATION=$d
  for ROUND in $(seq 1 "$ROUNDS"); do echo "#### round $ROUND"; one_round; done
}
summarize() {
  awk -F'\t' -v a="$1" -v b="$2" '
    function median(arr, k,   i, j, t) { for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (arr[j] < arr[i]) { t = arr[i]; arr[i] = arr[j]; arr[j] = t }
                                         return k % 2 ? arr[(k + 1) / 2] : (arr[k / 2] + arr[k / 2 + 1]) / 2 }
    $1 == 0 { next }
    { n[$2]++; rps[$2, n[$2]] = $3; p99[$2, n[$2]] = $4; cpu[$2, n[$2]] = $5; order[$2] = order[$2] ? order[$2] : ++names; name[order[$2]] = $2
      if ($2 == a) ra[$1] = $3; if ($2 == b) rb[$1] = $3 }
    END {
      print "median of the rounds:"
      for (o = 1; o <= names; o++) { k = name[o]
        for (i = 1; i <= n[k]; i++) { x[i] = rps[k, i]; y[i] = p99[k, i]; z[i] = cpu[k, i] }
        printf "  %-52s %8.0f req/s  p99 %7.2f ms  server CPU %6.1f µs/request\n", k, median(x, n[k]), median(y, n[k]), median(z, n[k]) }
      m = 0; line = ""
      for (r = 1; r in ra; r++) if (r in rb && rb[r] > 0) { q[++m] = ra[r] / rb[r]; line = line sprintf(" %.2f", ra[r] / rb[r]) }
      printf "%s ÷ %s per round:%s; median %.2f\n", a, b, line, median(q, m) }' "$DIR/rounds.tsv"
}
