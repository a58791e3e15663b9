# Shared helpers for the load benchmarks (sourced, not run). Loopback only.
ISSUER=${ISSUER:-http://localhost:9000}
REDIRECT=http://127.0.0.1:8765/callback

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

# client_credentials token: client_token <client> <secret> [scope]
client_token() {
  curl -sf -u "$1:$2" -d grant_type=client_credentials ${3:+-d "scope=$3"} "$ISSUER/oauth2/token" | jq -r .access_token
}

# Resident login over plain HTTP (authorization code + PKCE S256, like a browser without JS).
# login <client> <secret-or-empty> <username> <password>  -> prints "<access_token> <id_token sub>"
login() {
  local client=$1 secret=$2 user=$3 pass=$4 jar; jar=$(mktemp)
  local verifier challenge state loc page csrf code tok
  verifier=$(openssl rand 48 | b64url)
  challenge=$(printf '%s' "$verifier" | openssl dgst -sha256 -binary | b64url)
  state=$(openssl rand 12 | b64url)
  loc="$ISSUER/oauth2/authorize?response_type=code&client_id=$client&scope=openid&state=$state&nonce=n$state&redirect_uri=$(jq -rn --arg u "$REDIRECT" '$u|@uri')&code_challenge=$challenge&code_challenge_method=S256"
  page=$(curl -sfL -c "$jar" -b "$jar" -H 'Accept-Language: ja' "$loc")
  csrf=$(printf '%s' "$page" | grep -o 'name="_csrf"[^>]*value="[^"]*"\|value="[^"]*"[^>]*name="_csrf"' | head -1 | sed 's/.*value="\([^"]*\)".*/\1/')
  [ -n "$csrf" ] || { echo "no _csrf on login page" >&2; return 1; }
  # POST the form, then follow redirects by hand until the app's redirect URI (nothing listens there)
  loc=$(curl -s -o /dev/null -w '%{redirect_url}' -c "$jar" -b "$jar" \
        --data-urlencode "username=$user" --data-urlencode "password=$pass" --data-urlencode "_csrf=$csrf" "$ISSUER/login")
  for _ in 1 2 3 4 5 6 7 8; do
    case "$loc" in "$REDIRECT"*) break;; esac
    loc=$(curl -s -o /dev/null -w '%{redirect_url}' -c "$jar" -b "$jar" "$loc")
  done
  rm -f "$jar"
  code=$(printf '%s' "$loc" | sed -n 's/.*[?&]code=\([^&]*\).*/\1/p')
  [ -n "$code" ] || { echo "login did not reach $REDIRECT (got '$loc')" >&2; return 1; }
  if [ -n "$secret" ]; then
    tok=$(curl -sf -u "$client:$secret" -d grant_type=authorization_code --data-urlencode "code=$code" \
          --data-urlencode "redirect_uri=$REDIRECT" -d "code_verifier=$verifier" "$ISSUER/oauth2/token")
  else
    tok=$(curl -sf -d grant_type=authorization_code -d "client_id=$client" --data-urlencode "code=$code" \
          --data-urlencode "redirect_uri=$REDIRECT" -d "code_verifier=$verifier" "$ISSUER/oauth2/token")
  fi
  local sub; sub=$(printf '%s' "$tok" | jq -r .id_token | cut -d. -f2 | tr '_-' '/+' | { read -r p; while [ $(( ${#p} % 4 )) -ne 0 ]; do p="$p="; done; printf '%s' "$p"; } | base64 -d | jq -r .sub)
  echo "$(printf '%s' "$tok" | jq -r .access_token) $sub"
}

# wait_http <url> <seconds>: until the URL answers 200
wait_http() {
  local end=$((SECONDS + $2))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$1")" = 200 ]; do
    [ $SECONDS -lt $end ] || { echo "timeout waiting for $1" >&2; return 1; }
    sleep 1
  done
}

# stop_pid <pid> [seconds]: SIGTERM, wait for exit, then SIGKILL if still alive
stop_pid() {
  local pid=$1 n=${2:-60}
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq "$n"); do kill -0 "$pid" 2>/dev/null || return 0; sleep 1; done
  kill -KILL "$pid" 2>/dev/null; return 0
}

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# machine_summary: the machine and JVM lines every results summary starts with
machine_summary() {
  echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/Mem:/{print $2}') GB RAM, $(uname -r)"
  echo "java: $(java -version 2>&1 | head -1)"
}

# start_hub <data-dir> <log-file>: starts the launcher jar, sets HUB_PID, waits (5 min at most) for
# "Tsunagu is running"; returns 1 (after printing the log's tail) if it dies or does not get there
start_hub() {
  java -jar launcher/target/tsunagu-launcher-exec.jar --data-dir="$1" > "$2" 2>&1 & HUB_PID=$!
  local end=$((SECONDS + 300))
  until grep -q "Tsunagu is running" "$2"; do
    if ! kill -0 "$HUB_PID" 2>/dev/null || [ $SECONDS -ge $end ]; then tail -20 "$2" >&2; return 1; fi
    sleep 2
  done
}

# per-process CPU seconds (utime+stime) of the hub's JVMs, nginx and wrk, to attribute each read's cost
cpu_snapshot() {
  local p n
  for p in $(pgrep -f 'java|nginx' || true); do
    [ -r /proc/$p/stat ] || continue
    n=$(tr '\0' ' ' < /proc/$p/cmdline 2>/dev/null | grep -o 'tsunagu-[a-z-]*\.jar\( --server.port=[0-9]*\)\?\|nginx: [a-z]*\|org.tsunagu.benchmarks.[A-Za-z]*' | head -1 | tr ' ' '_' || true)
    if [ -n "$n" ]; then echo "$p $(awk '{print $14+$15, $15}' /proc/$p/stat 2>/dev/null || echo 0 0) $n"; fi
  done | sort > "$1" || true
}
cpu_delta() { # before after requests -> "name cpu-s ms/req kernel%" per process that used > 0.05 s
  # snapshot lines: pid total-ticks kernel-ticks name; joined: pid t1 k1 name t2 k2 name
  join "$1" "$2" | awk -v r="$3" '{d=($5-$2)/100; k=($6-$3)/100; if (d>0.05) printf "    %-50s %7.2f cpu-s %7.3f ms/req  %3.0f%% in kernel\n", $4, d, (r>0 ? d*1000/r : 0), 100*k/d}'
}

# stop_hub <launcher pid>: stops the launcher and the service JVMs it started; says whether any is left
stop_hub() {
  local hub=$1 children c left
  if [ -n "$hub" ]; then
    children=$(pgrep -P "$hub" | tr '\n' ' ')
    stop_pid "$hub" 120
    for c in $children; do stop_pid "$c" 30; done
  fi
  left=$(pgrep -af 'target/services/tsunagu-' || true)
  if [ -z "$left" ]; then echo "clean: no target/services/tsunagu- process left"; else echo "LEFT RUNNING: $left"; fi
}
