# A throwaway PostgreSQL cluster in a temp folder, shared by scripts/test.sh and scripts/benchmark.sh.
# Source it, then:
#   throwaway_tmpdir NAME        sets $tmp (a temp folder the postgres user can enter), $pgdata, $pgsock
#   free_ports N                 prints N distinct free loopback ports
#   pg_start PORT [CONF_LINE…]   initdb + start on 127.0.0.1:PORT, durability off, extra postgresql.conf lines
#   pg_stop                      stops the cluster (also a half-started one); safe to call twice
#   pg PROGRAM ARGS…             runs a PostgreSQL program as the postgres user when we are root
# PG_BINDIR overrides where the PostgreSQL server programs are (/usr/lib/postgresql/15/bin).

pg_bindir=${PG_BINDIR:-/usr/lib/postgresql/15/bin}

# initdb and postgres refuse to run as root; run from the temp folder so the postgres user can read
# its working directory.
pg() {
    local prog=$1
    shift
    if [ -x "$pg_bindir/$prog" ]; then
        prog="$pg_bindir/$prog"
    fi
    if [ "$(id -u)" = 0 ]; then
        (cd "$tmp" && runuser -u postgres -- "$prog" "$@")
    else
        (cd "$tmp" && "$prog" "$@")
    fi
}

throwaway_tmpdir() {
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/red-engine-$1.XXXXXX")
    chmod 755 "$tmp" # mktemp makes it 0700; the postgres user must reach its folders inside
    if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$tmp"; then
        # A TMPDIR under a private folder (e.g. /root): the postgres user cannot get in; use /tmp.
        rmdir "$tmp"
        tmp=$(mktemp -d "/tmp/red-engine-$1.XXXXXX")
        chmod 755 "$tmp"
    fi
    pgdata=$tmp/pgdata
    pgsock=$tmp/pgsock
}

free_ports() {
    # All sockets are held open while the ports are picked, so the ports are distinct.
    python - "$1" <<'PY'
import socket
import sys

socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in socks))
PY
}

pg_start() {
    local port=$1 line
    shift
    mkdir "$pgdata" "$pgsock"
    chmod 700 "$pgdata"
    if [ "$(id -u)" = 0 ]; then
        chown postgres:postgres "$pgdata" "$pgsock"
    fi
    if ! pg initdb -D "$pgdata" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$tmp/initdb.log" 2>&1; then
        cat "$tmp/initdb.log" >&2
        return 1
    fi
    # Loopback only, socket inside the temp folder, durability off: nothing here needs to survive.
    {
        echo "listen_addresses = '127.0.0.1'"
        echo "port = $port"
        echo "unix_socket_directories = '$pgsock'"
        echo "fsync = off"
        echo "synchronous_commit = off"
        echo "full_page_writes = off"
        for line in "$@"; do echo "$line"; done
    } >>"$pgdata/postgresql.conf"
    if ! pg pg_ctl start -D "$pgdata" -l "$pgdata/server.log" -w -t 60 -s; then
        tail -n 50 "$pgdata/server.log" >&2
        return 1
    fi
}

pg_stop() {
    if [ -f "$pgdata/postmaster.pid" ]; then
        pg pg_ctl stop -D "$pgdata" -m immediate -s >/dev/null 2>&1
        # pg_ctl waits for the pid file to go; if it is still there, the server did not stop.
        local pgpid
        pgpid=$(head -n 1 "$pgdata/postmaster.pid" 2>/dev/null)
        if [ -n "$pgpid" ] && [ "$(cat "/proc/$pgpid/comm" 2>/dev/null)" = postgres ]; then
            kill -KILL "$pgpid"
        fi
    fi
}
