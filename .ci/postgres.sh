#!/usr/bin/env bash
# Makes the local PostgreSQL cluster load pg_cron (for the reaper schedule tests) and makes sure it
# is running on 127.0.0.1:5432. Restarts the cluster only when the setting is new.
set -euo pipefail
PG_VERSION=${1:-$(ls /etc/postgresql | sort -n | tail -1)}
conf=/etc/postgresql/${PG_VERSION}/main/conf.d/unstuck-pg-cron.conf
want="shared_preload_libraries = 'pg_cron'
cron.database_name = 'postgres'
cron.use_background_workers = on
max_worker_processes = 32"
restart=no
if [ ! -f "$conf" ] || [ "$(cat "$conf")" != "$want" ]; then
  mkdir -p "$(dirname "$conf")"
  printf '%s\n' "$want" > "$conf"
  restart=yes
fi
if ! pg_lsclusters -h | awk '{print $4}' | grep -q online; then
  pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" main start
elif [ "$restart" = yes ]; then
  pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" main restart
fi
for _ in $(seq 1 30); do
  pg_isready -h 127.0.0.1 -p 5432 -q && break
  sleep 1
done
pg_isready -h 127.0.0.1 -p 5432
psql -h 127.0.0.1 -U postgres -d postgres -qAtc "create extension if not exists pg_cron" >/dev/null
echo "postgres ${PG_VERSION} ready with pg_cron $(psql -h 127.0.0.1 -U postgres -d postgres -qAtc "select extversion from pg_extension where extname='pg_cron'")"
