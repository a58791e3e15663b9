#!/usr/bin/env bash
# client_credentials token issuance per second against a running id-service (see README.md).
# Usage: benchmarks/id-token-issuance/run.sh [sha256|bcrypt]   (from the repository root)
# Env: PORT (default 19000), REQUESTS (default 20000), CONCURRENCY (default 16), JAVA (default java)
set -euo pipefail
HASHING="${1:-sha256}"
PORT="${PORT:-19000}"
REQUESTS="${REQUESTS:-20000}"
CONCURRENCY="${CONCURRENCY:-16}"
JAVA="${JAVA:-java}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
JAR="$(ls "$ROOT"/id-service/target/tsunagu-id-service-*-exec.jar 2>/dev/null | head -1 || true)"
command -v ab >/dev/null || { echo "ab not found: apt-get install apache2-utils" >&2; exit 1; }
if [ -z "$JAR" ]; then
  (cd "$ROOT" && ./mvnw -B -o -q -pl id-service package -DskipTests)
  JAR="$(ls "$ROOT"/id-service/target/tsunagu-id-service-*-exec.jar | head -1)"
fi
DATA="$(mktemp -d)"
LOG="$DATA/id-service.log"
"$JAVA" -jar "$JAR" --server.port="$PORT" --tsunagu.data-dir="$DATA" --tsunagu.seeds-dir="$ROOT/seeds" \
  --tsunagu.client-secrets.hashing="$HASHING" --spring.jmx.enabled=false >"$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$PORT/actuator/health/readiness" >/dev/null 2>&1 && break
  sleep 1
done
curl -fs "http://127.0.0.1:$PORT/actuator/health/readiness" >/dev/null || { cat "$LOG"; exit 1; }
BODY="$DATA/body"
printf 'grant_type=client_credentials' >"$BODY"
CLIENT="aizu-vaccine-notebook:vaccine-notebook-demo-secret"
URL="http://127.0.0.1:$PORT/oauth2/token"
echo "== hashing=$HASHING, warm-up"
ab -q -k -n 2000 -c "$CONCURRENCY" -p "$BODY" -T application/x-www-form-urlencoded -A "$CLIENT" "$URL" >/dev/null
cpu_ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
TICKS_BEFORE=$(cpu_ticks)
echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== measured: ab -k -n $REQUESTS -c $CONCURRENCY -p body -T application/x-www-form-urlencoded -A $CLIENT $URL"
ab -k -n "$REQUESTS" -c "$CONCURRENCY" -p "$BODY" -T application/x-www-form-urlencoded -A "$CLIENT" "$URL" \
  | grep -E "Complete requests|Failed requests|Non-2xx|Requests per second|Time per request|50%|99%"
TICKS_AFTER=$(cpu_ticks)
HZ=$(getconf CLK_TCK)
awk -v t=$((TICKS_AFTER - TICKS_BEFORE)) -v hz="$HZ" -v n="$REQUESTS" 'BEGIN {
  cpu = t / hz; printf "id-service CPU: %.1f s for %d tokens = %.2f ms CPU per token = %.0f tokens per CPU-second (per vCPU)\n", cpu, n, cpu * 1000 / n, n / cpu }'
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
