#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server for the test suite, and removes the server
# afterwards whatever happens (the command fails, Ctrl-C, kill):
#
#   scripts/pg-test-server.sh npm test
#   scripts/pg-test-server.sh npx vitest run --project postgres test/e2e/sales.test.ts
#
# The server is a new cluster (initdb) in a temporary directory, listening on a free port of
# 127.0.0.1 and on a socket in that directory, with durability off (fsync, synchronous_commit,
# full_page_writes: a crash loses nothing a test needs). The command sees it as
# SERIALS_TEST_PG=postgres://postgres@127.0.0.1:PORT/postgres. PostgreSQL comes from Debian's
# packages (/usr/lib/postgresql/VERSION/bin, the newest), installed when missing. As root the
# cluster runs as the `postgres` user (PostgreSQL refuses root), otherwise as the current user.
set -euo pipefail

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

PGBIN=$(find_bin)
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  echo "PostgreSQL is not installed: installing Debian's postgresql package." >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  PGBIN=$(find_bin)
  [ -n "$PGBIN" ] && [ -x "$PGBIN/initdb" ] || { echo "PostgreSQL's initdb was not found after installing it." >&2; exit 1; }
fi

PGTMP=$(mktemp -d "${TMPDIR:-/tmp}/serials-pg.XXXXXX")
if [ "$(id -u)" = 0 ]; then
  chown postgres "$PGTMP"
  as_pg() { (cd "$PGTMP" && runuser -u postgres -- "$@"); }
else
  as_pg() { (cd "$PGTMP" && "$@"); }
fi

child=""
stop_server() {
  local code=$?
  trap - EXIT INT TERM
  # the command and everything it started (vitest's workers, the CLIs they spawned)
  if [ -n "$child" ] && kill -0 "$child" 2>/dev/null; then
    kill -TERM -- "-$child" 2>/dev/null || kill -TERM "$child" 2>/dev/null || true
    wait "$child" 2>/dev/null || true
  fi
  if [ -f "$PGTMP/data/postmaster.pid" ]; then as_pg "$PGBIN/pg_ctl" -D "$PGTMP/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$PGTMP"
  exit "$code"
}
trap stop_server EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

as_pg "$PGBIN/initdb" -D "$PGTMP/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
# The superuser the tests connect as is trusted over TCP too; every other role must give its
# password, as on a real server (test/e2e/pg-connect.test.ts checks a wrong one is refused).
as_pg sed -i '0,/^host/s//host    all             postgres        127.0.0.1\/32            trust\nhost/' "$PGTMP/data/pg_hba.conf"
# a port nobody listens on, as the kernel hands it out
PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
as_pg "$PGBIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/server.log" -w -t 60 \
  -o "-k $PGTMP -p $PORT -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
  start >/dev/null || { cat "$PGTMP/server.log" >&2; exit 1; }

export SERIALS_TEST_PG="postgres://postgres@127.0.0.1:$PORT/postgres"
echo "Throwaway $("$PGBIN/postgres" --version) at $SERIALS_TEST_PG (cluster in $PGTMP, removed at the end)"

# In its own process group (job control), so that one signal stops it and all it started.
set -m
"$@" &
child=$!
set +m
wait "$child"
