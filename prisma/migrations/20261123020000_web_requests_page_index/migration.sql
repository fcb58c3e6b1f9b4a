-- Page lookups are always per server: "who requested this page on this host, in this period"
-- (rarity, the shell's users, first use). The stem-only prefix index made such a query visit
-- every host's rows of a busy page (seconds at 10M requests); this one reads exactly the rows it
-- needs, in time order. Queries over every host (the Sentinel baseline) pass the known hosts as
-- host = ANY(...), which scans the index once per host.
DROP INDEX web_requests_uri_stem_idx;
CREATE INDEX web_requests_host_uri_stem_time_idx ON web_requests (host, left(uri_stem, 512), time);
