#!/usr/bin/env bash
# The clearing-house's search against Datasette on the same records: builds release, writes N records (100,000 by
# default) with generate.py, loads them into Tandem with `tandem import-records` (SQLite, then PostgreSQL when
# scripts/postgres.sh can start one) and into Datasette with its full-text index, and drives both with wrk at 16
# connections in the same run: (a) a full-text query, (b) a listing with facets, (c) both together, 50 records a page,
# each as the public asks it (answered from the page cache once rendered) and as a signed-in member (from the API's
# answers kept per audience), and (d) a different pair of words on every request (varied.lua), which no kept answer
# serves (each word's matches are kept, so (d) measures new searches of known words; a word's first search is timed
# on its own, one request at a time).
# Prints a Markdown table. Usage: Benchmarks/clearing-house/run.sh [SECONDS_PER_RUN] [RECORDS]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
DURATION=${1:-15}
RECORDS=${2:-100000}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
VENV="$ROOT/.venv-bench"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install -q --disable-pip-version-check datasette >&2
# TANDEM_BIN runs another build of Tandem (a quick check of this script with a debug build); the figures are release's.
if [ -z "${TANDEM_BIN:-}" ]; then swift build -c release --product tandem >&2; fi
TANDEM="${TANDEM_BIN:-$ROOT/.build/release/tandem}"

WORK=$(mktemp -d)
touch "$WORK/pids"
cleanup() {
  while read -r pid; do kill "$pid" 2>/dev/null; done < "$WORK/pids"
  sleep 1
  if [ -n "${PG_DIR:-}" ]; then scripts/postgres.sh stop "$PG_DIR" >/dev/null 2>&1 || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
wait_for() { for _ in $(seq 1 120); do curl -fsS "$1" >/dev/null 2>&1 && return 0; sleep 1; done; echo "no answer from $1" >&2; exit 1; }

"$VENV/bin/python" Benchmarks/clearing-house/generate.py "$RECORDS" "$WORK/records.jsonl" "$WORK/bench.sqlite"
export LOG_LEVEL=warning UPLOADS_PATH="$WORK/uploads"

# Tandem, one database at a time: loads the records, serves them, prints the base address.
serve_tandem() {
  local url=$1 port
  port=$(free_port)
  local started=$SECONDS
  DATABASE_URL="$url" "$TANDEM" import-records "$WORK/records.jsonl" --by secretariat@demo.tandem | tail -1 >&2
  echo "loaded in $((SECONDS - started)) s" >&2
  # A network member's read token: calls made with it are answered afresh each time, never from the page cache.
  DATABASE_URL="$url" "$TANDEM" tokens create --email member@demo.tandem --scope read | grep -o 'tdm_[A-Za-z0-9_-]*' > "$WORK/token-$port"
  DATABASE_URL="$url" PORT=$port "$TANDEM" serve --env production > "$WORK/serve-$port.log" 2>&1 &
  echo $! >> "$WORK/pids"
  wait_for "http://127.0.0.1:$port/healthz"
  echo "http://127.0.0.1:$port"
}

TANDEM_SQLITE=$(serve_tandem "sqlite:$WORK/tandem.sqlite")
DATASETTE_PORT=$(free_port)
"$VENV/bin/datasette" serve "$WORK/bench.sqlite" -p "$DATASETTE_PORT" --setting suggest_facets off > "$WORK/datasette.log" 2>&1 &
echo $! >> "$WORK/pids"
DATASETTE="http://127.0.0.1:$DATASETTE_PORT"
wait_for "$DATASETTE/bench/records.json?_size=1"
TANDEM_PG=""
if PG_ENV=$(scripts/postgres.sh start 2>/dev/null); then
  eval "$PG_ENV"
  PG_DIR=$TANDEM_PG_DIR
  TANDEM_PG=$(serve_tandem "$DATABASE_URL")
  # After a load, PostgreSQL's own vacuum and statistics would run during the measurements: done now instead.
  psql "$DATABASE_URL" -qc "VACUUM ANALYZE" >&2
fi

# label | Tandem path | Datasette path
QUERIES=(
  "(a) full text|/api/v1/clearing-house/records?q=customs+officers|/bench/records.json?_search=customs+officers&_size=50"
  "(b) listing with facets|/api/v1/clearing-house/records?kind=opportunities|/bench/records.json?kind=opportunity&_facet=language&_facet=opportunity_kind&_facet_array=areas&_size=50"
  "(c) full text and facets|/api/v1/clearing-house/records?q=customs&kind=opportunities&f.areas=transfers_control|/bench/records.json?_search=customs&kind=opportunity&areas__arraycontains=transfers_control&_facet=language&_facet=opportunity_kind&_facet_array=areas&_size=50"
)

# measure URL [TOKEN] [SCRIPT]: with a token, the request is a signed-in reader's, which the page cache never answers;
# with a wrk script, the script writes each request.
measure() {
  local options=()
  if [ -n "${2:-}" ]; then options+=(-H "Authorization: Bearer $2"); fi
  if [ -n "${3:-}" ]; then options+=(-s "$3"); fi
  wrk -t2 -c4 -d3s "${options[@]}" "$1" >/dev/null
  local out
  out=$(wrk -t2 -c16 -d"${DURATION}s" --latency "${options[@]}" "$1")
  python3 - "$out" <<'PY'
import re, sys
out = sys.argv[1]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)
socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
errors = sum(int(n) for n in socket.groups()) if socket else 0
status = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
errors += int(status.group(1)) if status else 0
print(f"{rps:.0f}|{p99}|{errors}")
PY
}

echo "Records: $RECORDS ($(python3 -c 'import sys; print(sum(1 for _ in open(sys.argv[1])))' "$WORK/records.jsonl") lines), wrk 16 connections, ${DURATION} s a run, same machine"
echo
token_of() { cat "$WORK/token-${1##*:}"; }
# Each word of varied.lua asked once, one request at a time, before any other search: what a word never asked before
# costs (Tandem keeps each word's matches until the clearing-house changes; Datasette reads its index every time).
WORDS=$(sed -n '/^local words/,/}/p' "$ROOT/Benchmarks/clearing-house/varied.lua" | grep -o '"[a-z]*"' | tr -d '"')
first_asks() {
  local base=$1 prefix=$2 options=()
  if [ -n "${3:-}" ]; then options+=(-H "Authorization: Bearer $3"); fi
  curl -s -o /dev/null "${options[@]}" "$base${prefix}warmup"
  for word in $WORDS; do curl -s -o /dev/null -w "%{time_total}\n" "${options[@]}" "$base$prefix$word"; done |
    python3 -c 'import statistics, sys; t = [float(x) * 1000 for x in sys.stdin]; print(f"median {statistics.median(t):.0f} ms, slowest {max(t):.0f} ms")'
}
echo "A word asked for the first time, one reader (36 words): Tandem (SQLite) $(first_asks "$TANDEM_SQLITE" "/api/v1/clearing-house/records?q=" "$(token_of "$TANDEM_SQLITE")");" \
  "Tandem (PostgreSQL) $(if [ -n "$TANDEM_PG" ]; then first_asks "$TANDEM_PG" "/api/v1/clearing-house/records?q=" "$(token_of "$TANDEM_PG")"; else echo –; fi);" \
  "Datasette $(first_asks "$DATASETTE" "/bench/records.json?_size=50&_search=")"
echo
echo "| query | reader | Tandem (SQLite) req/s | p99 | Datasette req/s | p99 | Tandem ÷ Datasette | Tandem (PostgreSQL) req/s | p99 | errors |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for entry in "${QUERIES[@]}"; do
  IFS='|' read -r label tandem_path datasette_path <<< "$entry"
  IFS='|' read -r d_rps d_p99 d_err <<< "$(measure "$DATASETTE$datasette_path")"
  for reader in public member; do
    sqlite_token=""; pg_token=""
    if [ "$reader" = member ]; then
      sqlite_token=$(token_of "$TANDEM_SQLITE")
      if [ -n "$TANDEM_PG" ]; then pg_token=$(token_of "$TANDEM_PG"); fi
    fi
    IFS='|' read -r t_rps t_p99 t_err <<< "$(measure "$TANDEM_SQLITE$tandem_path" "$sqlite_token")"
    p_rps="–"; p_p99="–"; p_err=0
    if [ -n "$TANDEM_PG" ]; then IFS='|' read -r p_rps p_p99 p_err <<< "$(measure "$TANDEM_PG$tandem_path" "$pg_token")"; fi
    ratio=$(python3 -c "print(f'{$t_rps / max($d_rps, 1):.1f}×')")
    echo "| $label | $reader | $t_rps | $t_p99 | $d_rps | $d_p99 | $ratio | $p_rps | $p_p99 | $((t_err + d_err + p_err)) |"
  done
done

# (d): a different pair of words on every request, as the public and as a member, against Datasette.
VARIED="$ROOT/Benchmarks/clearing-house/varied.lua"
measure_varied() {
  SEARCH_PREFIX=$2 SEARCH_SUFFIX=$3 measure "$1" "${4:-}" "$VARIED"
}
IFS='|' read -r d_rps d_p99 d_err <<< "$(measure_varied "$DATASETTE" "/bench/records.json?_size=50&_search=" "")"
for reader in public member; do
  sqlite_token=""; pg_token=""
  if [ "$reader" = member ]; then
    sqlite_token=$(token_of "$TANDEM_SQLITE")
    if [ -n "$TANDEM_PG" ]; then pg_token=$(token_of "$TANDEM_PG"); fi
  fi
  IFS='|' read -r t_rps t_p99 t_err <<< "$(measure_varied "$TANDEM_SQLITE" "/api/v1/clearing-house/records?q=" "" "$sqlite_token")"
  p_rps="–"; p_p99="–"; p_err=0
  if [ -n "$TANDEM_PG" ]; then IFS='|' read -r p_rps p_p99 p_err <<< "$(measure_varied "$TANDEM_PG" "/api/v1/clearing-house/records?q=" "" "$pg_token")"; fi
  ratio=$(python3 -c "print(f'{$t_rps / max($d_rps, 1):.1f}×')")
  echo "| (d) two words drawn at random each time | $reader | $t_rps | $t_p99 | $d_rps | $d_p99 | $ratio | $p_rps | $p_p99 | $((t_err + d_err + p_err)) |"
done
echo
echo "Matches: Tandem $(curl -s "$TANDEM_SQLITE/api/v1/clearing-house/records?q=customs+officers" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])') and Datasette $(curl -s "$DATASETTE/bench/records.json?_search=customs+officers&_size=1" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("filtered_table_rows_count", d.get("count", "?")))') for (a)."
while read -r pid; do
  echo "resident memory of $(ps -o comm= -p "$pid" 2>/dev/null) ($pid): $(( $(ps -o rss= -p "$pid" 2>/dev/null || echo 0) / 1024 )) MB"
done < "$WORK/pids"
