-- Runs once, on the first start of an empty postgres-data volume, after 01-databases.sql: the
-- read-only role postgres-exporter connects as, instead of the superuser. pg_monitor (PostgreSQL's
-- built-in monitoring role) lets it read every backend's row of pg_stat_activity, wait events
-- included (pg_read_all_stats), and the statistics views; it can change nothing. The password is
-- a workshop value like postgres/postgres, not a secret. Safe to run again on an existing volume:
--   docker compose exec postgres psql -U postgres -f /docker-entrypoint-initdb.d/02-monitoring.sql
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'faultline_monitor') THEN
    CREATE ROLE faultline_monitor WITH LOGIN PASSWORD 'faultline-monitor' CONNECTION LIMIT 3;
  END IF;
END
$$;
GRANT pg_monitor TO faultline_monitor;
