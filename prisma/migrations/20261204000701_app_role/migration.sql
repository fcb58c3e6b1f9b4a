-- Hand-written: the app's database role.
--
-- The app connects as a login role that is a member of shellcase_app (scripts/migrate.ts creates
-- it from DATABASE_URL); migrations run as the tables' owner (MIGRATION_DATABASE_URL). The app may
-- read and write every table except the audit log, which it may only read and append to: without
-- ownership it can neither UPDATE/DELETE/TRUNCATE audit_entries nor disable or drop the
-- append-only trigger. What the importer must do as the owner (create a month's partition,
-- ANALYZE it) runs in SECURITY DEFINER functions with a fixed search_path.

-- Roles belong to the cluster, not the database: another database's migration may have made it,
-- possibly at the same moment.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'shellcase_app') THEN
        CREATE ROLE shellcase_app NOLOGIN;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END;
$$;

DO $$
BEGIN
    EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO shellcase_app', current_database());
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO shellcase_app', current_schema());
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO shellcase_app', current_schema());
    EXECUTE format('GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA %I TO shellcase_app', current_schema());
    EXECUTE format('GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA %I TO shellcase_app', current_schema());
    -- Tables, sequences and functions that later migrations create (as the same owner).
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO shellcase_app', current_schema());
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO shellcase_app', current_schema());
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT EXECUTE ON FUNCTIONS TO shellcase_app', current_schema());
END;
$$;

-- The audit log: read and append only.
REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_entries FROM shellcase_app;
-- Prisma's bookkeeping is the migrator's alone (absent from the drift check's shadow database).
DO $$
BEGIN
    IF to_regclass('_prisma_migrations') IS NOT NULL THEN
        REVOKE INSERT, UPDATE, DELETE ON _prisma_migrations FROM shellcase_app;
    END IF;
END;
$$;

-- Partition creation needs ownership of web_requests: run it as the owner, with a search_path
-- that a caller cannot point at objects of its own.
DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION shellcase_ensure_web_requests_partition(date) SECURITY DEFINER SET search_path = %I, pg_temp', current_schema());
END;
$$;
REVOKE EXECUTE ON FUNCTION shellcase_ensure_web_requests_partition(date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION shellcase_ensure_web_requests_partition(date) TO shellcase_app;

-- A large import refreshes the planner's statistics of the months it wrote; ANALYZE needs the
-- owner too (a non-owner's ANALYZE is skipped with a warning).
CREATE FUNCTION shellcase_analyze_web_requests_partition(month_start date) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    part text := shellcase_ensure_web_requests_partition(month_start);
BEGIN
    EXECUTE format('ANALYZE %I', part);
    RETURN part;
END;
$$;
DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION shellcase_analyze_web_requests_partition(date) SET search_path = %I, pg_temp', current_schema());
END;
$$;
REVOKE EXECUTE ON FUNCTION shellcase_analyze_web_requests_partition(date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION shellcase_analyze_web_requests_partition(date) TO shellcase_app;
