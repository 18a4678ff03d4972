#!/usr/bin/env bash
# HTTP load benchmark: builds release, serves a freshly seeded SQLite database and drives it with wrk.
# Prints a Markdown table of req/s, p99 latency and errors per page and connection count, served from
# the page cache and rendered afresh, and the server's peak resident memory. Usage: Benchmarks/http/run.sh [SECONDS_PER_RUN]
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-15}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
swift build -c release --product tandem >&2

WORK=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
DATABASE_URL="sqlite:$WORK/tandem.sqlite" PORT=$PORT LOG_LEVEL=warning .build/release/tandem serve --env production > "$WORK/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 60); do curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 1; done

BASE="http://127.0.0.1:$PORT"
PATHS=("/healthz" "/api/v1/states?limit=50" "/states/GBR" "/programme/statistics")
for path in "${PATHS[@]}"; do wrk -t2 -c8 -d3s "$BASE$path" >/dev/null; done   # warm up

row() { # path, connections, label, wrk options...
  local path=$1 connections=$2 label=$3; shift 3
  out=$(wrk -t2 -c"$connections" -d"${DURATION}s" --latency "$@" "$BASE$path")
  python3 - "$path" "$connections" "$label" "$out" <<'PY'
import re, sys
path, connections, label, out = sys.argv[1:5]
rps = re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)
p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)
errors = 0
socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
if socket: errors += sum(int(n) for n in socket.groups())
status = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
if status: errors += int(status.group(1))
print(f"| `{path}` | {label} | {connections} | {float(rps):.0f} | {p99} | {errors} |")
PY
}

echo "| path | cache | connections | req/s | p99 | errors |"
echo "|---|---|---|---|---|---|"
for connections in 16 64; do
  for path in "${PATHS[@]}"; do
    label="kept copy"; [ "$path" = /healthz ] && label="none (baseline)"
    row "$path" "$connections" "$label"
  done
done
for path in "${PATHS[@]:1}"; do row "$path" 16 "every request rendered" -s Benchmarks/http/uncached.lua; done
echo
echo "Peak resident memory of the server: $(awk '/VmHWM/ {printf "%.0f MB", $2/1024}' /proc/$SERVER/status)"
