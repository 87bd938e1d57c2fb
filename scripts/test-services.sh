#!/usr/bin/env bash
# Installs (if missing) and starts what the test suite needs besides Python packages:
# Debian's chromium for the browser tests and a PostgreSQL server for the Postgres path.
# Prints `export COACHABLE_TEST_POSTGRES_URL=...` for the caller to eval.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
if ((${#need[@]})); then
    if [ "$(id -u)" != 0 ]; then
        echo "missing Debian packages: ${need[*]} (run as root, or install them)" >&2
        exit 1
    fi
    echo "installing ${need[*]} ..." >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
fi

version=$(ls /etc/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" && $4=="online"' | grep -q .; then
    pg_ctlcluster "$version" main start >&2
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')

su postgres -c "psql -p $port -tAc \"SELECT 1 FROM pg_roles WHERE rolname='coachable'\"" | grep -q 1 \
    || su postgres -c "psql -p $port -qc \"CREATE ROLE coachable LOGIN SUPERUSER PASSWORD 'coachable'\"" >&2
su postgres -c "psql -p $port -tAc \"SELECT 1 FROM pg_database WHERE datname='coachable_test'\"" | grep -q 1 \
    || su postgres -c "createdb -p $port -O coachable coachable_test" >&2

echo "export COACHABLE_TEST_POSTGRES_URL=postgresql+asyncpg://coachable:coachable@127.0.0.1:$port/coachable_test"
