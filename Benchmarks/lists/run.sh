#!/usr/bin/env bash
# The signed-in list pages at scale: builds release, serves a fresh SQLite database filled with 200 partnerships
# and 500 applications (Benchmarks/lists/seed.py, through Tandem's own API and forms), and drives each list with
# wrk at 16 connections, beside /healthz in the same run. Prints a Markdown table of req/s, its share of
# /healthz's, p99 and errors. Usage: Benchmarks/lists/run.sh [SECONDS_PER_RUN]
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-15}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
swift build -c release --product tandem >&2

WORK=$(mktemp -d)
export DATABASE_URL="sqlite:$WORK/tandem.sqlite" LOG_LEVEL=warning UPLOADS_PATH="$WORK/uploads"
TOKEN=$(.build/release/tandem tokens create --email secretariat@demo.tandem --scope write | grep -o 'tdm_[A-Za-z0-9_-]*')
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
PORT=$PORT .build/release/tandem serve --env production > "$WORK/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 60); do curl -fsS "$BASE/healthz" >/dev/null 2>&1 && break; sleep 1; done
SEEDED=$(python3 Benchmarks/lists/seed.py "$BASE" "$TOKEN")
cookie() { python3 -c 'import json, sys; print(json.loads(sys.argv[1])["cookies"][sys.argv[2]])' "$SEEDED" "$1"; }
OFFICER=$(cookie officer) FOCAL=$(cookie focal_point) ADMIN=$(cookie admin)

# path | who | wrk header
LISTS=(
  "/healthz||"
  "/partnerships|officer|Cookie: $OFFICER"
  "/applications|officer|Cookie: $OFFICER"
  "/applications|focal point|Cookie: $FOCAL"
  "/programme/review|officer|Cookie: $OFFICER"
  "/proposals|officer|Cookie: $OFFICER"
  "/programme/dashboard|officer|Cookie: $OFFICER"
  "/admin/audit|administrator|Cookie: $ADMIN"
  "/admin/users|administrator|Cookie: $ADMIN"
  "/admin/outbox|administrator|Cookie: $ADMIN"
  "/api/v1/applications?limit=50|officer's token|Authorization: Bearer $TOKEN"
)
for entry in "${LISTS[@]}"; do
  IFS='|' read -r path who header <<< "$entry"
  wrk -t2 -c8 -d2s ${header:+-H "$header"} "$BASE$path" >/dev/null   # warm up
done

echo "Seeded: 200 partnerships, $(python3 -c 'import json, sys; d = json.loads(sys.argv[1]); print(d["applications"], "applications,", d["submitted"], "of them submitted")' "$SEEDED")"
echo
echo "| list | signed in as | req/s | share of /healthz | p99 | errors |"
echo "|---|---|---|---|---|---|"
HEALTHZ=""
for entry in "${LISTS[@]}"; do
  IFS='|' read -r path who header <<< "$entry"
  out=$(wrk -t2 -c16 -d"${DURATION}s" --latency ${header:+-H "$header"} "$BASE$path")
  line=$(python3 - "$path" "${who:-nobody}" "$out" "$HEALTHZ" <<'PY'
import re, sys
path, who, out, healthz = sys.argv[1:5]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)
errors = 0
socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
if socket: errors += sum(int(n) for n in socket.groups())
status = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
if status: errors += int(status.group(1))
share = f"{100 * rps / float(healthz):.0f}%" if healthz else "100% (baseline)"
print(f"{rps:.0f}\t| `{path}` | {who} | {rps:.0f} | {share} | {p99} | {errors} |")
PY
)
  [ -z "$HEALTHZ" ] && HEALTHZ=${line%%$'\t'*}
  echo "${line#*$'\t'}"
done
echo
echo "Peak resident memory of the server: $(awk '/VmHWM/ {printf "%.0f MB", $2/1024}' /proc/$SERVER/status)"
