-- Hand-written: what Prisma cannot express.

-- The audit log is append-only: no code path may rewrite history, so the database refuses it.
CREATE FUNCTION shellcase_audit_entries_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_entries is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_entries_append_only
    BEFORE UPDATE OR DELETE ON audit_entries
    FOR EACH ROW EXECUTE FUNCTION shellcase_audit_entries_append_only();
CREATE TRIGGER audit_entries_no_truncate
    BEFORE TRUNCATE ON audit_entries
    FOR EACH STATEMENT EXECUTE FUNCTION shellcase_audit_entries_append_only();

-- Alerts already in a case through their finding.
UPDATE alerts a SET case_id = f.case_id FROM findings f WHERE f.alert_id = a.id AND f.case_id IS NOT NULL;

-- Every case has the status it was created with as its first status change.
INSERT INTO case_status_changes (case_id, from_status, to_status, changed_at)
SELECT id, NULL, status, created_at FROM cases;

-- One random id per database. BullMQ job ids are derived from row ids (import-<batchId>,
-- enrich-<alertId>-g<gen>); a database recreated against the same Redis reuses row ids, and
-- BullMQ silently ignores a job whose id it has already completed. Job ids carry this instance id
-- (lib/jobs/instance-id.ts). A function rather than a table: Prisma's drift check ignores it.
DO $$
BEGIN
    EXECUTE format(
        'CREATE FUNCTION shellcase_instance_id() RETURNS text IMMUTABLE LANGUAGE sql AS %L',
        'SELECT ' || quote_literal(replace(gen_random_uuid()::text, '-', '')));
END;
$$;
