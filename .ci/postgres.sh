#!/usr/bin/env bash
# A throwaway PostgreSQL for the storage tests, on 127.0.0.1 only.
#
#   source .ci/postgres.sh            # installs Debian's postgresql if needed, starts a server and
#                                     # exports REAPLAB_TEST_POSTGRES_URL / _USER / _PASSWORD
#   eval "$(bash .ci/postgres.sh)"    # the same from a script that does not source
#   bash .ci/postgres.sh stop         # stops the server started last and removes its data
#
# The server runs as the unprivileged user "postgres" (when started by root) from a fresh data
# directory under /tmp, listens on 127.0.0.1:${REAPLAB_PG_PORT:-55432} (the next free port if taken)
# and has a database and role "reaplab".

reaplab_pg_log() { echo "postgres.sh: $*" >&2; }

reaplab_pg_bin() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

reaplab_pg_as() {
    # run a command as the server's owner
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

reaplab_pg_port_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

reaplab_pg_start() {
    local bin port data state
    bin=$(reaplab_pg_bin)
    if [ -z "$bin" ] || [ ! -x "$bin/pg_ctl" ]; then
        if [ "$(id -u)" != 0 ]; then
            reaplab_pg_log "PostgreSQL is not installed and installing it needs root"
            return 1
        fi
        reaplab_pg_log "installing Debian's postgresql"
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y -qq postgresql >/dev/null 2>&1 \
            || { apt-get update -qq >/dev/null && apt-get install -y -qq postgresql >/dev/null; } \
            || { reaplab_pg_log "apt-get install postgresql failed"; return 1; }
        bin=$(reaplab_pg_bin)
    fi
    port=${REAPLAB_PG_PORT:-55432}
    while ! reaplab_pg_port_free "$port"; do port=$((port + 1)); done
    data=$(mktemp -d /tmp/reaplab-pg.XXXXXX)
    if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$data"; fi
    chmod 700 "$data"
    printf '%s\n' "$data" > /tmp/reaplab-pg.last
    reaplab_pg_as "$bin/initdb" -D "$data/db" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
        -E UTF8 --locale=C.UTF-8 >"$data/initdb.log" 2>&1 \
        || { cat "$data/initdb.log" >&2; return 1; }
    reaplab_pg_as "$bin/pg_ctl" -D "$data/db" -l "$data/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c fsync=off" start >/dev/null \
        || { cat "$data/server.log" >&2; return 1; }
    reaplab_pg_as "$bin/psql" -q -h "$data" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
        -c "CREATE ROLE reaplab LOGIN PASSWORD 'reaplab-test'" \
        -c "CREATE DATABASE reaplab OWNER reaplab" >/dev/null \
        || return 1
    reaplab_pg_log "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, data in $data"
    echo "export REAPLAB_TEST_POSTGRES_URL=jdbc:postgresql://127.0.0.1:$port/reaplab"
    echo "export REAPLAB_TEST_POSTGRES_USER=reaplab"
    echo "export REAPLAB_TEST_POSTGRES_PASSWORD=reaplab-test"
}

reaplab_pg_stop() {
    local data bin
    data=$(cat /tmp/reaplab-pg.last 2>/dev/null) || return 0
    bin=$(reaplab_pg_bin)
    if [ -n "$data" ] && [ -d "$data/db" ]; then
        reaplab_pg_as "$bin/pg_ctl" -D "$data/db" -m fast -w stop >/dev/null 2>&1 || true
        rm -rf "$data"
    fi
    rm -f /tmp/reaplab-pg.last
}

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
    # sourced: export into the caller's shell
    reaplab_pg_env=$(reaplab_pg_start) && eval "$reaplab_pg_env"
    unset reaplab_pg_env
else
    case "${1:-start}" in
        start) reaplab_pg_start ;;
        stop) reaplab_pg_stop ;;
        *) echo "usage: $0 [start|stop]" >&2; exit 2 ;;
    esac
fi
