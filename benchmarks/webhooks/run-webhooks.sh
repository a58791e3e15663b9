#!/usr/bin/env bash
# Webhook delivery benchmark (issue 5): latency at a steady event rate, and events lost/duplicated across
# a gateway crash (SIGKILL) and a graceful restart (SIGTERM). Starts the real hub from the built launcher
# jar on its fixed ports, so run it only holding the e2e lock, from the repository root:
#   flock /tmp/tsunagu-e2e.lock bash benchmarks/webhooks/run-webhooks.sh
# Knobs (environment): RATE (events/s, 1000) SECONDS (60) WARMUP (10, excluded from latency) RESTART_AT (20)
#   MODES ("steady kill term") GATEWAY_JFR (1 = record a JFR of the gateway during the steady run)
#   KEEP_WORK (1 = keep the hub's data folder, e.g. to inspect the gateway's webhook table afterwards).
# Loopback only, bounded in time; on exit it stops (by pid) the hub, its children and any restarted gateway.
set -euo pipefail
cd "$(dirname "$0")/../.."
. benchmarks/load/lib.sh
RATE=${RATE:-1000}; SECS=${SECONDS_RUN:-${SECS:-60}}; WARMUP=${WARMUP:-10}; RESTART_AT=${RESTART_AT:-20}
MODES=${MODES:-"steady kill term"}
OUT=benchmarks/webhooks/results/$(date -u +%Y%m%dT%H%M%SZ); mkdir -p "$OUT"
WORK=$(mktemp -d /tmp/tsunagu-webhooks.XXXXXX)
HUB_PID=; LOAD_PID=
log() { echo "[$(date -u +%H:%M:%S)] $*" | tee -a "$OUT/summary.txt"; }

cleanup() {
  set +e
  [ -n "$LOAD_PID" ] && kill "$LOAD_PID" 2>/dev/null
  for f in "$OUT"/*/restarted-gateway.pid; do [ -f "$f" ] && stop_pid "$(cat "$f")" 60; done
  log "$(stop_hub "$HUB_PID")"
  if [ "${KEEP_WORK:-0}" = 1 ]; then echo "kept $WORK (KEEP_WORK=1)"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

[ -f launcher/target/tsunagu-launcher-exec.jar ] || { echo "build first: ./mvnw -B -o -pl launcher,benchmarks -am package -DskipTests" >&2; exit 1; }
[ -d benchmarks/target/classes/org/tsunagu/benchmarks ] || { echo "build the benchmarks module first" >&2; exit 1; }
./mvnw -B -o -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CP="benchmarks/target/classes:$(cat "$WORK/cp.txt")"

{ machine_summary; echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet || echo '+dirty')";
  echo "knobs: RATE=$RATE SECS=$SECS WARMUP=$WARMUP RESTART_AT=$RESTART_AT MODES=$MODES"; } | tee "$OUT/summary.txt"
( while true; do echo "$(date -u +%H:%M:%S) $(loadavg)"; sleep 5; done ) > "$OUT/loadavg.txt" & LOAD_PID=$!

log "load before start: $(loadavg)"
start_hub "$WORK/data" "$OUT/hub.log" || { log "hub did not start"; exit 1; }
wait_http http://localhost:8080/actuator/health/readiness 120
log "hub running; load $(loadavg)"

for mode in $MODES; do
  mkdir -p "$OUT/$mode"
  if [ "$mode" = steady ] && [ "${GATEWAY_JFR:-0}" = 1 ]; then
    gw=$(pgrep -f 'target/services/tsunagu-api-gateway' | head -1)
    jcmd "$gw" JFR.start name=wh settings=profile filename="$PWD/$OUT/steady/gateway.jfr" >/dev/null
  fi
  log "run $mode: load $(loadavg)"
  cpu_snapshot "$WORK/cpu-before"
  java -Xmx1g -Dsun.net.httpserver.nodelay=true -cp "$CP" org.tsunagu.benchmarks.WebhookDelivery \
    --mode="$mode" --rate="$RATE" --seconds="$SECS" --warmup="$WARMUP" --restartAt="$RESTART_AT" \
    --out="$PWD/$OUT/$mode" 2>&1 | grep -v '^SLF4J\|^\s*at ' | tee "$OUT/$mode/output.txt" | grep -E 'RESULT|TIMELINE|published=|restart|all deliveries' | tee -a "$OUT/summary.txt"
  cpu_snapshot "$WORK/cpu-after"
  n=$(grep -o 'published=[0-9]*' "$OUT/$mode/output.txt" | head -1 | cut -d= -f2)
  log "CPU per published event in this run (process CPU time / events, warm-up and drain included):"
  cpu_delta "$WORK/cpu-before" "$WORK/cpu-after" "${n:-0}" | sed 's|ms/req|ms/event|' | tee -a "$OUT/summary.txt" > "$OUT/$mode/cpu.txt"
  if [ "$mode" = steady ] && [ "${GATEWAY_JFR:-0}" = 1 ]; then
    jcmd "$gw" JFR.stop name=wh >/dev/null || true
  fi
done
log "done; load $(loadavg)"
