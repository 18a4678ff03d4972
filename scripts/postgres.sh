#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on a free loopback port for tests and prints its DATABASE_URL.
# Usage: eval "$(scripts/postgres.sh start)"; ...; scripts/postgres.sh stop "$TANDEM_PG_DIR"
set -euo pipefail
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
case "${1:-}" in
start)
  [ -x "$BIN/initdb" ] || { echo "PostgreSQL is not installed (apt-get install -y postgresql)" >&2; exit 1; }
  DIR=$(mktemp -d /tmp/tandem-pg.XXXXXX)
  chown postgres "$DIR"
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  su postgres -c "$BIN/initdb -D $DIR/data -A trust -U postgres" >/dev/null
  su postgres -c "$BIN/pg_ctl -D $DIR/data -l $DIR/log -w -o '-p $PORT -c listen_addresses=127.0.0.1 -k $DIR' start" >/dev/null
  su postgres -c "createdb -h 127.0.0.1 -p $PORT -U postgres tandem_test"
  echo "export TANDEM_PG_DIR=$DIR DATABASE_URL=postgres://postgres@127.0.0.1:$PORT/tandem_test"
  ;;
stop)
  DIR=${2:?usage: postgres.sh stop DIR}
  su postgres -c "$BIN/pg_ctl -D $DIR/data -m fast stop" >/dev/null || true
  rm -rf "$DIR"
  ;;
*)
  echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
