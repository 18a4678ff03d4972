#!/usr/bin/env bash
# The matcher against the reference solvers: Benchmarks/matching/run.sh [SEED] [REPEATS]
# Builds the release binary, installs scipy, networkx and OR-Tools in .venv-bench, writes the instances with
# a fixed seed and prints the comparison table that docs/benchmarks.md records.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
SEED="${1:-2025}"
REPEATS="${2:-3}"
cd "$ROOT"
swift build -c release --product tandem >&2
VENV="$ROOT/.venv-bench"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install -q --disable-pip-version-check scipy networkx ortools numpy >&2
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
"$VENV/bin/python" Benchmarks/matching/generate.py "$WORK" "$SEED"
"$VENV/bin/python" Benchmarks/matching/compare.py "$WORK" "$ROOT/.build/release/tandem" "$REPEATS"
