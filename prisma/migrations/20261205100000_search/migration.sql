-- One search box (lib/search, docs/search.md): every kind of query it runs is served by an index
-- made for it, never by a scan. Fragments (user agents, URIs and shell paths, command lines,
-- host names, labels, case numbers) are `ILIKE '%…%'` through trigram GIN indexes; an IP or a CIDR
-- is containment (`<<=`) through a GiST index on an inet column.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- An attacker's IP is stored exactly as logged (text, '' when missing, whatever an export held):
-- containment needs it as inet, and a value that is not an address must not fail the insert.
CREATE FUNCTION shellcase_try_inet(value text) RETURNS inet
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
BEGIN
    RETURN value::inet;
EXCEPTION WHEN invalid_text_representation OR invalid_parameter_value THEN
    RETURN NULL;
END
$$;

ALTER TABLE "attacker_profiles"
    ADD COLUMN "ip_inet" INET GENERATED ALWAYS AS (shellcase_try_inet("ip")) STORED;

-- A finding's searchable text, one value per line: its host, shell and command line, and the
-- text buried in its JSON (each attacker's IP and user agent, the installing request's URI, IP
-- and user agent). Generated, so every write path keeps it true without a trigger or a caller
-- remembering to. Only `||` and jsonb operators: immutable, as a generated column requires.
CREATE FUNCTION shellcase_finding_search_text(
    host_name text, shell_location text, command_line text, attackers jsonb, installed_via jsonb
) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(host_name, '') || E'\n' || coalesce(shell_location, '') || E'\n'
        || coalesce(command_line, '') || E'\n'
        || coalesce((SELECT string_agg(coalesce(a ->> 'ip', '') || E'\n' || coalesce(a ->> 'userAgent', ''), E'\n')
                       FROM jsonb_array_elements(CASE WHEN jsonb_typeof(attackers) = 'array'
                                                      THEN attackers ELSE '[]'::jsonb END) AS a
                      WHERE jsonb_typeof(a) = 'object'), '') || E'\n'
        || CASE WHEN jsonb_typeof(installed_via) = 'object'
                THEN coalesce(installed_via ->> 'uri', '') || E'\n' || coalesce(installed_via ->> 'ip', '')
                     || E'\n' || coalesce(installed_via ->> 'userAgent', '')
                ELSE '' END
$$;

ALTER TABLE "findings"
    ADD COLUMN "search_text" TEXT GENERATED ALWAYS AS (
        shellcase_finding_search_text("host_name", "shell_location", "command_line", "attackers", "installed_via")
    ) STORED;

-- CreateIndex
CREATE INDEX "alert_files_name_trgm_idx" ON "alert_files" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "alert_files_directory_trgm_idx" ON "alert_files" USING GIN ("directory" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "alert_hosts_host_name_trgm_idx" ON "alert_hosts" USING GIN ("host_name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "alert_processes_command_line_trgm_idx" ON "alert_processes" USING GIN ("command_line" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "attacker_profiles_ip_inet_idx" ON "attacker_profiles" USING GIST ("ip_inet" inet_ops);

-- CreateIndex
CREATE INDEX "attacker_profiles_ip_trgm_idx" ON "attacker_profiles" USING GIN ("ip" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "attacker_profiles_user_agent_trgm_idx" ON "attacker_profiles" USING GIN ("user_agent" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "attacker_profiles_label_trgm_idx" ON "attacker_profiles" USING GIN ("label" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "cases_number_trgm_idx" ON "cases" USING GIN ("number" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "cases_title_trgm_idx" ON "cases" USING GIN ("title" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "cases_host_name_trgm_idx" ON "cases" USING GIN ("host_name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "cases_shell_location_trgm_idx" ON "cases" USING GIN ("shell_location" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "findings_search_text_trgm_idx" ON "findings" USING GIN ("search_text" gin_trgm_ops);
