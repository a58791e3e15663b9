#!/usr/bin/env bash
# Load benchmarks for issue 5: (1) consented reads, gateway vs nginx proxying the same backend;
# (2) revocation -> first refused read under load. Starts the real hub from the built jar on its fixed
# ports, so run it only holding the e2e lock, from the repository root:
#   flock /tmp/tsunagu-e2e.lock bash benchmarks/load/run-load.sh
# Knobs: DUR (s, default 30) CONNS (16) THREADS (2) ROUNDS (200) WARM (90) PACE_MS (40); ONLY_READS=1 stops
# after the two gateway/nginx rounds (for quick comparisons); GW_ARGS: extra arguments for the benchmark
# gateway (A/B runs of a setting, e.g. GW_ARGS=--tsunagu.access-records.max-in-flight=5). Loopback only,
# bounded in time.
set -euo pipefail
cd "$(dirname "$0")/../.."
. benchmarks/load/lib.sh
DUR=${DUR:-30}; CONNS=${CONNS:-16}; THREADS=${THREADS:-2}; ROUNDS=${ROUNDS:-200}; WARM=${WARM:-90}
PACE_MS=${PACE_MS:-40}   # background load during the revocation run: 4 connections, one read each per PACE_MS
GW2_PORT=8081; NGINX_PORT=8089
OUT=benchmarks/load/results/$(date -u +%Y%m%dT%H%M%SZ); mkdir -p "$OUT"
WORK=$(mktemp -d /tmp/tsunagu-load.XXXXXX)
HUB_PID=; GW2_PID=; NGINX_PID=; WRK_PID=; LOAD_PID=
log() { echo "[$(date -u +%H:%M:%S)] $*" | tee -a "$OUT/summary.txt"; }

cleanup() {
  set +e
  [ -n "$WRK_PID" ] && kill "$WRK_PID" 2>/dev/null
  [ -n "$LOAD_PID" ] && kill "$LOAD_PID" 2>/dev/null
  [ -n "$NGINX_PID" ] && stop_pid "$NGINX_PID" 20
  [ -n "$GW2_PID" ] && stop_pid "$GW2_PID" 60
  log "$(stop_hub "$HUB_PID")"
  rm -rf "$WORK"
}
trap cleanup EXIT

[ -f launcher/target/tsunagu-launcher-exec.jar ] || ./mvnw -B -o -q -DskipTests package
command -v wrk >/dev/null && command -v nginx >/dev/null || { echo "apt-get install -y nginx wrk" >&2; exit 1; }

{ machine_summary; echo "$(nginx -v 2>&1); $(wrk -v 2>&1 | head -1)";
  echo "knobs: DUR=$DUR CONNS=$CONNS THREADS=$THREADS ROUNDS=$ROUNDS WARM=$WARM PACE_MS=$PACE_MS GW_ARGS=${GW_ARGS:-}"; } | tee "$OUT/summary.txt"
( while true; do echo "$(date -u +%H:%M:%S) $(loadavg)"; sleep 5; done ) > "$OUT/loadavg.txt" & LOAD_PID=$!

log "load before start: $(loadavg)"
start_hub "$WORK/data" "$OUT/hub.log" || { log "hub did not start"; exit 1; }
log "hub running"

# A second gateway from the same jar, same JVM options as the launcher gives its children, on :8081,
# with the per-app rate limit raised so the benchmark measures the gateway, not the limiter.
java -Xmx512m -XX:+UseSerialGC -jar launcher/target/services/tsunagu-api-gateway.jar --server.port=$GW2_PORT \
  --tsunagu.data-dir="$WORK/gw2" --tsunagu.seeds-dir="$PWD/seeds" --tsunagu.issuer-uri=http://localhost:9000 \
  --spring.kafka.bootstrap-servers=localhost:9092 --tsunagu.id-service.url=http://localhost:9000 \
  --tsunagu.connectors.url=http://localhost:9003 \
  --tsunagu.rate-limit.requests-per-second=100000 --tsunagu.rate-limit.burst=200000 ${GW_ARGS:-} > "$OUT/gateway-8081.log" 2>&1 & GW2_PID=$!
wait_http "http://localhost:$GW2_PORT/actuator/health/readiness" 180
log "benchmark gateway :$GW2_PORT ready"

mkdir -p "$WORK/nginx/logs"
cat > "$WORK/nginx/nginx.conf" <<NGX
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  upstream connectors { server 127.0.0.1:9003; keepalive 64; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / { proxy_pass http://connectors; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
NGX
cp "$WORK/nginx/nginx.conf" "$OUT/nginx.conf"
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' 2>>"$OUT/summary.txt" & NGINX_PID=$!
sleep 1

# tokens and the resident's pairwise sub (the app learns it only through a login)
read -r _ SUB < <(login aizu-vaccine-notebook vaccine-notebook-demo-secret sakura Nishi-Sakura-2026)
APP=$(client_token aizu-vaccine-notebook vaccine-notebook-demo-secret)
CONN=$(client_token tsunagu-gateway gateway-dev-secret connector.query)
log "pairwise sub of sakura for aizu-vaccine-notebook: $SUB"
GW_URL="/v1/residents/$SUB/vaccination-records"
UP_URL="/v1/residents/RID-0003/vaccination-records"
# first calls are cold (JIT, token fetches, 2 s connector timeout on a loaded machine): retry a few times
for _ in $(seq 10); do
  curl -s -H "Authorization: Bearer $APP" -H 'Tsunagu-Purpose: service-provision' "http://127.0.0.1:$GW2_PORT$GW_URL" > "$OUT/sample-gateway.json"
  curl -s -H "Authorization: Bearer $CONN" "http://127.0.0.1:$NGINX_PORT$UP_URL" > "$OUT/sample-nginx.json"
  jq -e .subject "$OUT/sample-gateway.json" >/dev/null && jq -e '.status == null' "$OUT/sample-nginx.json" >/dev/null && break
  log "not yet: $(head -c 200 "$OUT/sample-gateway.json") / $(head -c 200 "$OUT/sample-nginx.json")"; sleep 3
done
jq -e .subject "$OUT/sample-gateway.json" >/dev/null || { log "gateway read failed: $(cat "$OUT/sample-gateway.json")"; exit 1; }
jq -e '.status == null' "$OUT/sample-nginx.json" >/dev/null || { log "nginx read failed: $(cat "$OUT/sample-nginx.json")"; exit 1; }
log "sample answers: gateway $(wc -c < "$OUT/sample-gateway.json") B, nginx/connectors $(wc -c < "$OUT/sample-nginx.json") B"

HZ_NOTE="(CPU per request = process CPU time during the run / requests answered)"
run_wrk() { # name duration conns threads url headers...
  local name=$1 d=$2 c=$3 t=$4 url=$5; shift 5
  log "wrk $name: -t$t -c$c -d${d}s $url  (load before: $(loadavg))"
  cpu_snapshot "$WORK/cpu-before"
  wrk -t"$t" -c"$c" -d"${d}s" --latency --timeout 10s "$@" "$url" > "$OUT/wrk-$name.txt" 2>&1
  cpu_snapshot "$WORK/cpu-after"
  local n; n=$(awk '/requests in/{print $1}' "$OUT/wrk-$name.txt")
  log "  $(grep 'Requests/sec' "$OUT/wrk-$name.txt")  p50 $(awk '$1=="50%"{print $2}' "$OUT/wrk-$name.txt")  p99 $(awk '$1=="99%"{print $2}' "$OUT/wrk-$name.txt")  non2xx: $(grep -o 'Non-2xx.*' "$OUT/wrk-$name.txt" || echo 0)  (load after: $(loadavg))"
  cpu_delta "$WORK/cpu-before" "$WORK/cpu-after" "${n:-0}" | tee -a "$OUT/summary.txt" > "$OUT/cpu-$name.txt"
}
GWH=(-H "Authorization: Bearer $APP" -H "Tsunagu-Purpose: service-provision")
NGH=(-H "Authorization: Bearer $CONN")
# JIT warm-up: on two shared cores C2 keeps compiling for a minute or more; measure only after it
run_wrk warmup-gateway "$WARM" "$CONNS" "$THREADS" "http://127.0.0.1:$GW2_PORT$GW_URL" "${GWH[@]}"
run_wrk warmup-nginx "$((WARM / 2))" "$CONNS" "$THREADS" "http://127.0.0.1:$NGINX_PORT$UP_URL" "${NGH[@]}"
# side by side, alternating which goes first; tokens renewed before each pair (5-minute lifetime)
for round in 1 2; do
  APP=$(client_token aizu-vaccine-notebook vaccine-notebook-demo-secret); CONN=$(client_token tsunagu-gateway gateway-dev-secret connector.query)
  GWH=(-H "Authorization: Bearer $APP" -H "Tsunagu-Purpose: service-provision"); NGH=(-H "Authorization: Bearer $CONN")
  if [ $round = 1 ]; then
    run_wrk nginx-$round "$DUR" "$CONNS" "$THREADS" "http://127.0.0.1:$NGINX_PORT$UP_URL" "${NGH[@]}"
    run_wrk gateway-$round "$DUR" "$CONNS" "$THREADS" "http://127.0.0.1:$GW2_PORT$GW_URL" "${GWH[@]}"
  else
    run_wrk gateway-$round "$DUR" "$CONNS" "$THREADS" "http://127.0.0.1:$GW2_PORT$GW_URL" "${GWH[@]}"
    run_wrk nginx-$round "$DUR" "$CONNS" "$THREADS" "http://127.0.0.1:$NGINX_PORT$UP_URL" "${NGH[@]}"
  fi
  ng=$(awk '/Requests\/sec/{print $2}' "$OUT/wrk-nginx-$round.txt"); gw=$(awk '/Requests\/sec/{print $2}' "$OUT/wrk-gateway-$round.txt")
  log "round $round: gateway/nginx = $(awk -v g="$gw" -v n="$ng" 'BEGIN{printf "%.2f", g/n}')x  $HZ_NOTE"
done
APP=$(client_token aizu-vaccine-notebook vaccine-notebook-demo-secret); CONN=$(client_token tsunagu-gateway gateway-dev-secret connector.query)
GWH=(-H "Authorization: Bearer $APP" -H "Tsunagu-Purpose: service-provision"); NGH=(-H "Authorization: Bearer $CONN")
if [ "${ONLY_READS:-0}" = 1 ]; then log "ONLY_READS=1: reads compared, the rest skipped"; exit 0; fi
run_wrk direct-connectors "$DUR" "$CONNS" "$THREADS" "http://127.0.0.1:9003$UP_URL" "${NGH[@]}"
run_wrk nginx-1conn 10 1 1 "http://127.0.0.1:$NGINX_PORT$UP_URL" "${NGH[@]}"
run_wrk gateway-1conn 10 1 1 "http://127.0.0.1:$GW2_PORT$GW_URL" "${GWH[@]}"
run_wrk gateway-8080-ratelimited 10 "$CONNS" "$THREADS" "http://127.0.0.1:8080$GW_URL" "${GWH[@]}"

# (2) revocation under load: wrk keeps reading service-provision (seeded consent, steady 200s) while
# RevocationLatency grants and revokes vaccination-records/notification and polls that read.
# Two background loads: paced (wrk + pace.lua, 4 connections each waiting PACE_MS between reads: a steady
# rate well below the gateway's capacity) and saturating (4 connections, no pause: closed loop at capacity).
printf 'function delay() return %d end\n' "$PACE_MS" > "$WORK/pace.lua"
revocation_run() { # name wrk-extra-args...
  local name=$1; shift
  read -r RES _ < <(login tsunagu-portal "" sakura Nishi-Sakura-2026)
  APP=$(client_token aizu-vaccine-notebook vaccine-notebook-demo-secret)
  GWH=(-H "Authorization: Bearer $APP" -H "Tsunagu-Purpose: service-provision")
  log "revocation ($name): background wrk -t1 -c4 $* on :$GW2_PORT, $ROUNDS rounds (load before: $(loadavg))"
  wrk -t1 -c4 -d600s --latency "$@" "${GWH[@]}" "http://127.0.0.1:$GW2_PORT$GW_URL" > "$OUT/wrk-background-$name.txt" 2>&1 & WRK_PID=$!
  sleep 3
  # parallelism 2: on 2 cores the JDK HttpClient would otherwise start a thread per response (ADR 0044)
  timeout 290 java -Djava.util.concurrent.ForkJoinPool.common.parallelism=2 benchmarks/load/RevocationLatency.java \
    "http://localhost:$GW2_PORT" http://localhost:9001 "$APP" "$SUB" "$RES" "$ROUNDS" 2>&1 | tee -a "$OUT/summary.txt" \
    || log "revocation run failed or timed out"
  kill -INT "$WRK_PID" 2>/dev/null; wait "$WRK_PID" 2>/dev/null || true; WRK_PID=
  log "background load ($name): $(grep 'Requests/sec' "$OUT/wrk-background-$name.txt" || echo '?')  non2xx: $(grep -o 'Non-2xx.*' "$OUT/wrk-background-$name.txt" || echo 0)  (load after: $(loadavg))"
}
revocation_run paced -s "$WORK/pace.lua"
revocation_run saturating
log "done; results in $OUT"
