#!/usr/bin/env bash
# Connectors' CPU per request with the verified-token cache off and on (ADR 0054), side by side in one
# run: the hub from the built jar, plus two more connectors JVMs from the same jar with the launcher's
# JVM options and arguments (own data folders), :9013 with tsunagu.jwt.verified-cache-ttl=0s and :9023
# with the default (60 s). wrk reads one resident's vaccination records straight from each, with the
# gateway's client-credentials token (as the gateway sends it: the same token for its whole life).
# Fixed ports: run it only holding the e2e lock, from the repository root:
#   flock /tmp/tsunagu-e2e.lock bash benchmarks/load/run-token-cache.sh
# Knobs: WARM0 (s of wrk on each instance before the rounds, default 90: on two shared cores C2 compiles
# for a minute or more) WARM (s of wrk before each measurement, 15) DUR (measured s, 30) CONNS (16)
# THREADS (2) ROUNDS (2). Each round: warm-up + measurement of one, then of the other; odd rounds off
# first, even rounds on first. Besides each process's CPU, the machine's busy CPU in the same window
# (/proc/stat) says how much of the two cores others used.
set -euo pipefail
cd "$(dirname "$0")/../.."
. benchmarks/load/lib.sh
WARM0=${WARM0:-90}; WARM=${WARM:-15}; DUR=${DUR:-30}; CONNS=${CONNS:-16}; THREADS=${THREADS:-2}; ROUNDS=${ROUNDS:-2}
OFF_PORT=9013; ON_PORT=9023
URL_PATH=/v1/residents/RID-0003/vaccination-records
OUT=benchmarks/load/results/$(date -u +%Y%m%dT%H%M%SZ)-token-cache; mkdir -p "$OUT"
WORK=$(mktemp -d /tmp/tsunagu-token-cache.XXXXXX)
HUB_PID=; OFF_PID=; ON_PID=; LOAD_PID=
log() { echo "[$(date -u +%H:%M:%S)] $*" | tee -a "$OUT/summary.txt"; }

cleanup() {
  set +e
  [ -n "$LOAD_PID" ] && kill "$LOAD_PID" 2>/dev/null
  [ -n "$OFF_PID" ] && stop_pid "$OFF_PID" 60
  [ -n "$ON_PID" ] && stop_pid "$ON_PID" 60
  log "$(stop_hub "$HUB_PID")"
  rm -rf "$WORK"
}
trap cleanup EXIT

[ -f launcher/target/tsunagu-launcher-exec.jar ] || { echo "build first: ./mvnw -B -o -pl launcher -am package -DskipTests" >&2; exit 1; }
command -v wrk >/dev/null || { echo "apt-get install -y wrk" >&2; exit 1; }
{ machine_summary; echo "$(wrk -v 2>&1 | head -1)"; echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- connectors launcher || echo ' (with uncommitted changes)')";
  echo "knobs: WARM0=$WARM0 WARM=$WARM DUR=$DUR CONNS=$CONNS THREADS=$THREADS ROUNDS=$ROUNDS"; } | tee "$OUT/summary.txt"
( while true; do echo "$(date -u +%H:%M:%S) $(loadavg)"; sleep 5; done ) > "$OUT/loadavg.txt" & LOAD_PID=$!

log "load before start: $(loadavg)"
start_hub "$WORK/data" "$OUT/hub.log" || { log "hub did not start"; exit 1; }
log "hub running"

# the arguments Hub gives the connectors (launcher/src/main/java/org/tsunagu/launcher/Hub.java), own data folder
connectors() { # port extra-args...
  local port=$1; shift
  java -Xmx512m -XX:+UseSerialGC -jar launcher/target/services/tsunagu-connectors.jar --server.port="$port" \
    --tsunagu.data-dir="$WORK/connectors-$port" --tsunagu.seeds-dir="$PWD/seeds" \
    --tsunagu.issuer-uri=http://localhost:9000 --spring.kafka.bootstrap-servers=localhost:9092 \
    --tsunagu.municipal.health.base-url=http://localhost:9010/health \
    --tsunagu.municipal.registry.base-url=http://localhost:9010/registry \
    --tsunagu.municipal.health.event-secret=whsec_ZGV2LWhlYWx0aC1ldmVudC1zZWNyZXQtMzItYnl0ZXMhIQ== \
    --tsunagu.municipal.registry.event-secret=whsec_ZGV2LXJlZ2lzdHJ5LWV2ZW50LXNlY3JldC0zMi1ieXRlcyE= \
    "$@" > "$OUT/connectors-$port.log" 2>&1 &
}
connectors $OFF_PORT --tsunagu.jwt.verified-cache-ttl=0s; OFF_PID=$!
connectors $ON_PORT; ON_PID=$!
wait_http "http://localhost:$OFF_PORT/actuator/health/readiness" 180
wait_http "http://localhost:$ON_PORT/actuator/health/readiness" 180
log "connectors :$OFF_PORT (cache off) and :$ON_PORT (cache on) ready"

TOKEN=$(client_token tsunagu-gateway gateway-dev-secret connector.query)
for port in $OFF_PORT $ON_PORT; do
  code=$(curl -s -o "$OUT/sample-$port.json" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "http://localhost:$port$URL_PATH")
  [ "$code" = 200 ] || { log ":$port answered $code: $(head -c 300 "$OUT/sample-$port.json")"; exit 1; }
done
# sanity check: a token with one signature character changed is refused by both
BAD="${TOKEN%?????????}$( [ "${TOKEN: -9:1}" = A ] && echo B || echo A )${TOKEN: -8}"
for port in $OFF_PORT $ON_PORT; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $BAD" "http://localhost:$port$URL_PATH")
  [ "$code" = 401 ] || { log ":$port answered $code to an altered token"; exit 1; }
done
log "sample answers 200 ($(wc -c < "$OUT/sample-$OFF_PORT.json") B), altered token 401, on both"

busy_ticks() { awk '/^cpu /{print $2+$3+$4+$7+$8, $9}' /proc/stat; } # user+nice+system+irq+softirq, steal
child_ticks() { awk '{print $16+$17}' /proc/$$/stat; } # this shell's waited-for children: wrk and the snapshots
run_wrk() { # name port seconds
  local name=$1 port=$2 d=$3 b0 b1 c0 c1
  log "wrk $name: -t$THREADS -c$CONNS -d${d}s :$port$URL_PATH  (load before: $(loadavg))"
  c0=$(child_ticks); cpu_snapshot "$WORK/cpu-before"; b0=$(busy_ticks)
  wrk -t"$THREADS" -c"$CONNS" -d"${d}s" --latency --timeout 10s -H "Authorization: Bearer $TOKEN" \
    "http://127.0.0.1:$port$URL_PATH" > "$OUT/wrk-$name.txt" 2>&1
  cpu_snapshot "$WORK/cpu-after"; b1=$(busy_ticks); c1=$(child_ticks)
  local n; n=$(awk '/requests in/{print $1}' "$OUT/wrk-$name.txt")
  log "  $n requests, $(grep 'Requests/sec' "$OUT/wrk-$name.txt")  p50 $(awk '$1=="50%"{print $2}' "$OUT/wrk-$name.txt")  p99 $(awk '$1=="99%"{print $2}' "$OUT/wrk-$name.txt")  non2xx: $(grep -o 'Non-2xx.*' "$OUT/wrk-$name.txt" || echo 0)  (load after: $(loadavg))"
  cpu_delta "$WORK/cpu-before" "$WORK/cpu-after" "${n:-0}" > "$OUT/cpu-$name.txt"
  echo "$b0 $b1 $((c1 - c0))" | awk -v d="$d" -v ours="$(awk '{s+=$2} END{print s+0}' "$OUT/cpu-$name.txt")" '{
    busy=($3-$1)/100; steal=($4-$2)/100; wrk=$5/100
    printf "    machine busy %.2f cpu-s of %d (2 cores x %d s), steal %.2f; wrk (+ snapshots) %.2f; others %.2f\n", busy, 2*d, d, steal, wrk, busy-ours-wrk }' >> "$OUT/cpu-$name.txt"
  tee -a "$OUT/summary.txt" < "$OUT/cpu-$name.txt"
}
measure() { # off|on round
  local port; [ "$1" = off ] && port=$OFF_PORT || port=$ON_PORT
  run_wrk "warmup-$1-$2" "$port" "$WARM"
  run_wrk "$1-$2" "$port" "$DUR"
}
run_wrk warmup-off-0 $OFF_PORT "$WARM0"
TOKEN=$(client_token tsunagu-gateway gateway-dev-secret connector.query)
run_wrk warmup-on-0 $ON_PORT "$WARM0"
for round in $(seq "$ROUNDS"); do
  TOKEN=$(client_token tsunagu-gateway gateway-dev-secret connector.query) # a 5-minute token per round
  if [ $((round % 2)) = 1 ]; then measure off $round; measure on $round; else measure on $round; measure off $round; fi
  off=$(awk -v p="--server.port=$OFF_PORT" 'index($1, p){print $4}' "$OUT/cpu-off-$round.txt")
  on=$(awk -v p="--server.port=$ON_PORT" 'index($1, p){print $4}' "$OUT/cpu-on-$round.txt")
  log "round $round: connectors CPU per request off $off ms, on $on ms: on/off = $(awk -v a="$on" -v b="$off" 'BEGIN{printf "%.2f", a/b}')"
done
log "load average during the run: $(awk '{print $2}' "$OUT/loadavg.txt" | sort -n | sed -n '1p;$p' | tr '\n' ' ')(min, max of the 1-minute figure)"
