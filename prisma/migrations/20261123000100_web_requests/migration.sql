-- web_requests: every IIS W3C field of every imported request. Hand-written because Prisma
-- cannot express native partitioning or expression indexes (docs/storage.md explains each choice).
-- Rows are written only by COPY (lib/ingest/copy-requests.ts) and read with parameterised SQL.

CREATE TABLE web_requests (
    time             timestamptz NOT NULL,
    host             text,            -- s-computername, or the host supplied at import
    site             text,            -- s-sitename, or the site supplied at import
    server_ip        inet,            -- s-ip
    method           text,            -- cs-method
    uri_stem         text,            -- cs-uri-stem
    uri_query        text,            -- cs-uri-query (as logged: URL-encoded)
    server_port      integer,         -- s-port
    username         text,            -- cs-username
    client_ip        inet,            -- c-ip
    protocol_version text,            -- cs-version
    user_agent       text,            -- cs(User-Agent), exactly as logged ('+' for spaces)
    cookie           text,            -- cs(Cookie)
    referer          text,            -- cs(Referer)
    cs_host          text,            -- cs-host
    status           integer,         -- sc-status
    substatus        integer,         -- sc-substatus
    win32_status     bigint,          -- sc-win32-status (values exceed int4, e.g. 2148074254)
    bytes_sent       bigint,          -- sc-bytes
    bytes_received   bigint,          -- cs-bytes
    time_taken       integer,         -- time-taken, ms
    batch_id         integer NOT NULL, -- import_batches.id: the source file
    line             integer NOT NULL  -- line (or row) number in that file, 1-based
) PARTITION BY RANGE (time);

-- Monthly partitions are created by the importer before it writes a month's rows
-- (lib/ingest/ensure-partitions.ts); this function is the one definition of their name and range.
CREATE FUNCTION shellcase_ensure_web_requests_partition(month_start date) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    m date := date_trunc('month', month_start)::date;
    part text := format('web_requests_y%sm%s', to_char(m, 'YYYY'), to_char(m, 'MM'));
BEGIN
    -- Serialise concurrent importers creating the same month.
    PERFORM pg_advisory_xact_lock(hashtext('shellcase_web_requests_partitions'));
    EXECUTE format(
        'CREATE TABLE IF NOT EXISTS %I PARTITION OF web_requests FOR VALUES FROM (%L) TO (%L)',
        part, (m::timestamp AT TIME ZONE 'UTC'), ((m + interval '1 month')::timestamp AT TIME ZONE 'UTC'));
    RETURN part;
END;
$$;

-- Access paths (created on the parent, so every partition gets them):
-- correlation by host and time (alert enrichment, pivots)
CREATE INDEX web_requests_host_time_idx ON web_requests (host, time);
-- attacker pivots by IP
CREATE INDEX web_requests_client_ip_time_idx ON web_requests (client_ip, time);
-- attacker pivots by user agent; indexed on a 512-character prefix because a B-tree entry cannot
-- exceed ~2.7 kB and user agents are attacker-controlled. Query with
-- left(user_agent, 512) = left($1, 512) AND user_agent = $1.
CREATE INDEX web_requests_user_agent_time_idx ON web_requests (left(user_agent, 512), time);
-- page rarity (distinct client IPs per page) and shell lookups by path; same prefix rule.
CREATE INDEX web_requests_uri_stem_idx ON web_requests (left(uri_stem, 512));
