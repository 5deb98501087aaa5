-- Search: what the query language, histograms, facets, sessions and access requests read.
--
-- Row-level security for the tables of 0011, like every tenant table.
GRANT SELECT, INSERT, UPDATE, DELETE ON event_rollup_hourly TO teleport_audit_app;
--> statement-breakpoint
ALTER TABLE event_rollup_hourly ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE event_rollup_hourly FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON event_rollup_hourly USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON session_summaries TO teleport_audit_app;
--> statement-breakpoint
ALTER TABLE session_summaries ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE session_summaries FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON session_summaries USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON saved_searches TO teleport_audit_app;
--> statement-breakpoint
ALTER TABLE saved_searches ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE saved_searches FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON saved_searches USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS btree_gin;
--> statement-breakpoint
-- The access requests a certificate carried (user metadata `access_requests`): "everything done under request X".
ALTER TABLE teleport_audit_events ADD COLUMN access_requests text[];
--> statement-breakpoint
-- Free text: every string of the event, lower-cased, in one compact column (search-text.ts), scanned with LIKE
-- inside the other conditions and the time range. A GIN over a tsvector of the same strings cost 30-45 µs per
-- row on insert (a third of ingest throughput, measured with bench:webhook); a scan of this column reads
-- 700,000 rows in about 0.3 s.
ALTER TABLE teleport_audit_events ADD COLUMN search_text text;
--> statement-breakpoint
-- Names match ignoring case (user:RJONES finds rjones). Row-level security lets only leakproof operators
-- into an index scan (the tenant policy must run first otherwise), and lower() and LIKE are not leakproof, so
-- an index on lower(actor) would never be used by the app role. The lower-cased names are columns of their
-- own instead, in the "C" collation, compared with = and, for a trailing *, with >= and < (all leakproof).
ALTER TABLE teleport_audit_events ADD COLUMN actor_lc text COLLATE "C" GENERATED ALWAYS AS (lower(actor)) STORED;
--> statement-breakpoint
ALTER TABLE teleport_audit_events ADD COLUMN server_hostname_lc text COLLATE "C" GENERATED ALWAYS AS (lower(server_hostname)) STORED;
--> statement-breakpoint
DROP INDEX teleport_audit_events_actor_idx;
--> statement-breakpoint
CREATE INDEX teleport_audit_events_actor_idx ON teleport_audit_events (tenant_id, actor_lc, event_time DESC);
--> statement-breakpoint
CREATE INDEX teleport_audit_events_node_idx ON teleport_audit_events (tenant_id, server_hostname_lc, event_time DESC);
--> statement-breakpoint
-- A btree on inet serves = and, given a CIDR's first and last address, a range (<<= itself is not leakproof).
CREATE INDEX teleport_audit_events_ip_idx ON teleport_audit_events (tenant_id, remote_ip, event_time DESC) WHERE remote_ip IS NOT NULL;
--> statement-breakpoint
CREATE INDEX teleport_audit_events_request_id_idx ON teleport_audit_events (tenant_id, request_id) WHERE request_id IS NOT NULL;
--> statement-breakpoint
-- Which events were done under which access request, kept by the ingest batch from access_requests. The array
-- operators (@>) are not leakproof, so a GIN index on the array would never serve the app role; this table's
-- equality look-ups do.
CREATE TABLE event_request_links (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  request_id text NOT NULL,
  event_time timestamptz NOT NULL,
  event_id bigint NOT NULL,
  CONSTRAINT event_request_links_pk PRIMARY KEY (tenant_id, request_id, event_time, event_id)
);
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON event_request_links TO teleport_audit_app;
--> statement-breakpoint
ALTER TABLE event_request_links ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE event_request_links FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON event_request_links USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
--> statement-breakpoint
DROP FUNCTION ingest_event_batch(uuid, jsonb, timestamptz, jsonb);
--> statement-breakpoint
-- As in 0010, plus access_requests and search_text, and the hourly rollups, request links and session
-- summaries kept from the inserted rows.
CREATE FUNCTION ingest_event_batch(p_tenant uuid, p_rows jsonb, p_received_at timestamptz, p_sources jsonb)
RETURNS TABLE (source_id uuid, dedup_key text, event_time text)
LANGUAGE plpgsql SECURITY INVOKER SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM set_config('app.tenant_id', p_tenant::text, true);
  RETURN QUERY
    WITH ins AS (
      INSERT INTO teleport_audit_events AS e (
        tenant_id, source_id, dedup_key, event_time, time_from_received_at, received_at, uid,
        event_type, event_code, event_index, cluster_name, success, error, message, actor,
        actor_path, user_name, login, impersonator, user_kind, user_roles, roles, method,
        mfa_device_uuid, session_id, server_id, server_hostname, server_addr, namespace,
        remote_addr, remote_ip, remote_port, local_addr, local_ip, local_port, protocol, user_agent,
        resource_name, updated_by, request_id, request_state, cert_type, cert_expires, command,
        program, path, argv, exit_code, kubernetes_cluster, kube_verb, kube_request_path,
        kube_resource, response_code, db_service, db_protocol, db_name, db_user, db_query, app_name,
        aws_role_arn, desktop_addr, windows_user, session_start, session_stop, tx_bytes, rx_bytes,
        labels, parse_warnings, raw, access_requests, search_text)
      SELECT
        r.tenant_id, r.source_id, r.dedup_key, r.event_time, r.time_from_received_at, r.received_at,
        r.uid, r.event_type, r.event_code, r.event_index, r.cluster_name, r.success, r.error,
        r.message, r.actor, r.actor_path, r.user_name, r.login, r.impersonator, r.user_kind,
        r.user_roles, r.roles, r.method, r.mfa_device_uuid, r.session_id, r.server_id,
        r.server_hostname, r.server_addr, r.namespace, r.remote_addr, r.remote_ip, r.remote_port,
        r.local_addr, r.local_ip, r.local_port, r.protocol, r.user_agent, r.resource_name,
        r.updated_by, r.request_id, r.request_state, r.cert_type, r.cert_expires, r.command,
        r.program, r.path, r.argv, r.exit_code, r.kubernetes_cluster, r.kube_verb,
        r.kube_request_path, r.kube_resource, r.response_code, r.db_service, r.db_protocol,
        r.db_name, r.db_user, r.db_query, r.app_name, r.aws_role_arn, r.desktop_addr,
        r.windows_user, r.session_start, r.session_stop, r.tx_bytes, r.rx_bytes, r.labels,
        r.parse_warnings, r.raw, r.access_requests, r.search_text
        FROM jsonb_populate_recordset(null::teleport_audit_events, p_rows) r
       WHERE NOT (r.time_from_received_at AND EXISTS (
               SELECT 1 FROM teleport_audit_events x WHERE x.tenant_id = p_tenant AND x.dedup_key = r.dedup_key))
      ON CONFLICT DO NOTHING
      RETURNING e.source_id AS sid, e.dedup_key AS dkey, e.event_time AS etime, e.event_type AS etype, e.event_code AS ecode,
                e.cluster_name AS ecluster, e.success AS esuccess, e.session_id AS esession, e.event_index AS eindex, e.actor AS eactor,
                e.login AS elogin, e.server_hostname AS ehost, e.server_id AS eserver, e.kubernetes_cluster AS ekube,
                e.db_service AS edb, e.app_name AS eapp, e.desktop_addr AS edesktop, e.id AS eid, e.access_requests AS erequests
    ), agg AS (
      SELECT ins.sid, count(*)::int AS n FROM ins GROUP BY ins.sid
    ), src AS (
      SELECT (s->>'sourceId')::uuid AS sid, (s->>'total')::int AS total, (s->>'withoutTime')::int AS without_time
        FROM jsonb_array_elements(p_sources) s
    ), upd AS (
      UPDATE sources SET last_event_at = p_received_at
       WHERE sources.tenant_id = p_tenant AND sources.id IN (SELECT src.sid FROM src)
      RETURNING 1
    ), hourly AS (
      INSERT INTO source_ingest_hourly AS h (tenant_id, source_id, hour, events, duplicates, without_time, last_event_at)
      SELECT p_tenant, src.sid, date_trunc('hour', p_received_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC',
             coalesce(agg.n, 0), src.total - coalesce(agg.n, 0), src.without_time, p_received_at
        FROM src LEFT JOIN agg ON agg.sid = src.sid
      ON CONFLICT ON CONSTRAINT source_ingest_hourly_pk DO UPDATE SET
        events = h.events + excluded.events,
        duplicates = h.duplicates + excluded.duplicates,
        without_time = h.without_time + excluded.without_time,
        last_event_at = greatest(h.last_event_at, excluded.last_event_at)
      RETURNING 1
    ), rollup AS (
      INSERT INTO event_rollup_hourly AS ru (tenant_id, hour, source_id, event_type, event_code, cluster_name, success, events)
      SELECT p_tenant, date_trunc('hour', ins.etime AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', ins.sid, ins.etype, ins.ecode, ins.ecluster, ins.esuccess, count(*)
        FROM ins GROUP BY 2, 3, 4, 5, 6, 7
      ON CONFLICT ON CONSTRAINT event_rollup_hourly_key DO UPDATE SET events = ru.events + excluded.events
      RETURNING 1
    ), links AS (
      INSERT INTO event_request_links (tenant_id, request_id, event_time, event_id)
      SELECT p_tenant, x.request_id, ins.etime, ins.eid FROM ins CROSS JOIN LATERAL unnest(ins.erequests) AS x(request_id)
       WHERE ins.erequests IS NOT NULL
      ON CONFLICT DO NOTHING
      RETURNING 1
    ), sess AS (
      INSERT INTO session_summaries AS s (
        tenant_id, session_id, first_event_at, last_event_at, started_at, ended_at, initiator, initiator_at, login,
        server_hostname, server_id, cluster_name, kubernetes_cluster, db_service, app_name, desktop_addr, participants,
        event_count, indexed_count, max_index, has_end)
      SELECT p_tenant, ins.esession, min(ins.etime), max(ins.etime),
             min(ins.etime) FILTER (WHERE ins.etype ~ '(^|\.)session\.(start|open)$'),
             max(ins.etime) FILTER (WHERE ins.etype ~ '(^|\.)session\.end$'),
             (array_agg(ins.eactor ORDER BY ins.etype ~ '(^|\.)session\.(start|open)$' DESC, ins.etime) FILTER (WHERE ins.eactor IS NOT NULL))[1],
             (array_agg(ins.etime ORDER BY ins.etype ~ '(^|\.)session\.(start|open)$' DESC, ins.etime) FILTER (WHERE ins.eactor IS NOT NULL))[1],
             (array_agg(ins.elogin ORDER BY ins.etime) FILTER (WHERE ins.elogin IS NOT NULL))[1],
             (array_agg(ins.ehost ORDER BY ins.etime) FILTER (WHERE ins.ehost IS NOT NULL))[1],
             (array_agg(ins.eserver ORDER BY ins.etime) FILTER (WHERE ins.eserver IS NOT NULL))[1],
             (array_agg(ins.ecluster ORDER BY ins.etime) FILTER (WHERE ins.ecluster IS NOT NULL))[1],
             (array_agg(ins.ekube ORDER BY ins.etime) FILTER (WHERE ins.ekube IS NOT NULL))[1],
             (array_agg(ins.edb ORDER BY ins.etime) FILTER (WHERE ins.edb IS NOT NULL))[1],
             (array_agg(ins.eapp ORDER BY ins.etime) FILTER (WHERE ins.eapp IS NOT NULL))[1],
             (array_agg(ins.edesktop ORDER BY ins.etime) FILTER (WHERE ins.edesktop IS NOT NULL))[1],
             coalesce(array_agg(DISTINCT ins.eactor) FILTER (WHERE ins.eactor IS NOT NULL), '{}'),
             count(*),
             count(*) FILTER (WHERE ins.eindex BETWEEN 0 AND 2147483645),
             max(ins.eindex) FILTER (WHERE ins.eindex BETWEEN 0 AND 2147483645),
             bool_or(ins.etype ~ '(^|\.)session\.end$')
        FROM ins WHERE ins.esession IS NOT NULL GROUP BY ins.esession
      ON CONFLICT ON CONSTRAINT session_summaries_pk DO UPDATE SET
        first_event_at = least(s.first_event_at, excluded.first_event_at),
        last_event_at = greatest(s.last_event_at, excluded.last_event_at),
        started_at = least(s.started_at, excluded.started_at),
        ended_at = greatest(s.ended_at, excluded.ended_at),
        -- the initiator is who started the session; before its session.start arrives, whoever acted first
        initiator = CASE WHEN s.started_at IS NULL AND (excluded.started_at IS NOT NULL OR s.initiator IS NULL OR excluded.initiator_at < s.initiator_at)
                         THEN coalesce(excluded.initiator, s.initiator) ELSE s.initiator END,
        initiator_at = CASE WHEN s.started_at IS NULL AND (excluded.started_at IS NOT NULL OR s.initiator IS NULL OR excluded.initiator_at < s.initiator_at)
                            THEN coalesce(excluded.initiator_at, s.initiator_at) ELSE s.initiator_at END,
        login = coalesce(s.login, excluded.login),
        server_hostname = coalesce(s.server_hostname, excluded.server_hostname),
        server_id = coalesce(s.server_id, excluded.server_id),
        cluster_name = coalesce(s.cluster_name, excluded.cluster_name),
        kubernetes_cluster = coalesce(s.kubernetes_cluster, excluded.kubernetes_cluster),
        db_service = coalesce(s.db_service, excluded.db_service),
        app_name = coalesce(s.app_name, excluded.app_name),
        desktop_addr = coalesce(s.desktop_addr, excluded.desktop_addr),
        participants = ARRAY(SELECT DISTINCT p FROM unnest(s.participants || excluded.participants) p ORDER BY p),
        event_count = s.event_count + excluded.event_count,
        indexed_count = s.indexed_count + excluded.indexed_count,
        max_index = greatest(s.max_index, excluded.max_index),
        has_end = s.has_end OR excluded.has_end
      RETURNING 1
    )
    SELECT ins.sid, ins.dkey, to_char(ins.etime AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') FROM ins;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION ingest_event_batch(uuid, jsonb, timestamptz, jsonb) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION ingest_event_batch(uuid, jsonb, timestamptz, jsonb) TO teleport_audit_app;
--> statement-breakpoint
-- Rebuilds the rollups, request links and session summaries of one tenant from its events: for data loaded by other means
-- than the batch function (a bulk COPY, a restore) and for the rows already stored when this migration runs.
-- SECURITY INVOKER: it sees and writes only what the caller's tenant context allows.
CREATE FUNCTION rebuild_search_summaries(p_tenant uuid) RETURNS void
LANGUAGE plpgsql SECURITY INVOKER SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM set_config('app.tenant_id', p_tenant::text, true);
  DELETE FROM event_rollup_hourly WHERE tenant_id = p_tenant;
  INSERT INTO event_rollup_hourly (tenant_id, hour, source_id, event_type, event_code, cluster_name, success, events)
  SELECT p_tenant, date_trunc('hour', event_time AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', source_id, event_type, event_code, cluster_name, success, count(*)
    FROM teleport_audit_events WHERE tenant_id = p_tenant GROUP BY 2, 3, 4, 5, 6, 7;
  DELETE FROM event_request_links WHERE tenant_id = p_tenant;
  INSERT INTO event_request_links (tenant_id, request_id, event_time, event_id)
  SELECT p_tenant, x.request_id, e.event_time, e.id FROM teleport_audit_events e CROSS JOIN LATERAL unnest(e.access_requests) AS x(request_id)
   WHERE e.tenant_id = p_tenant AND e.access_requests IS NOT NULL
  ON CONFLICT DO NOTHING;
  DELETE FROM session_summaries WHERE tenant_id = p_tenant;
  INSERT INTO session_summaries (
    tenant_id, session_id, first_event_at, last_event_at, started_at, ended_at, initiator, initiator_at, login,
    server_hostname, server_id, cluster_name, kubernetes_cluster, db_service, app_name, desktop_addr, participants,
    event_count, indexed_count, max_index, has_end)
  SELECT p_tenant, session_id, min(event_time), max(event_time),
         min(event_time) FILTER (WHERE event_type ~ '(^|\.)session\.(start|open)$'),
         max(event_time) FILTER (WHERE event_type ~ '(^|\.)session\.end$'),
         (array_agg(actor ORDER BY event_type ~ '(^|\.)session\.(start|open)$' DESC, event_time) FILTER (WHERE actor IS NOT NULL))[1],
         (array_agg(event_time ORDER BY event_type ~ '(^|\.)session\.(start|open)$' DESC, event_time) FILTER (WHERE actor IS NOT NULL))[1],
         (array_agg(login ORDER BY event_time) FILTER (WHERE login IS NOT NULL))[1],
         (array_agg(server_hostname ORDER BY event_time) FILTER (WHERE server_hostname IS NOT NULL))[1],
         (array_agg(server_id ORDER BY event_time) FILTER (WHERE server_id IS NOT NULL))[1],
         (array_agg(cluster_name ORDER BY event_time) FILTER (WHERE cluster_name IS NOT NULL))[1],
         (array_agg(kubernetes_cluster ORDER BY event_time) FILTER (WHERE kubernetes_cluster IS NOT NULL))[1],
         (array_agg(db_service ORDER BY event_time) FILTER (WHERE db_service IS NOT NULL))[1],
         (array_agg(app_name ORDER BY event_time) FILTER (WHERE app_name IS NOT NULL))[1],
         (array_agg(desktop_addr ORDER BY event_time) FILTER (WHERE desktop_addr IS NOT NULL))[1],
         coalesce(array_agg(DISTINCT actor) FILTER (WHERE actor IS NOT NULL), '{}'),
         count(*),
         count(*) FILTER (WHERE event_index BETWEEN 0 AND 2147483645),
         max(event_index) FILTER (WHERE event_index BETWEEN 0 AND 2147483645),
         bool_or(event_type ~ '(^|\.)session\.end$')
    FROM teleport_audit_events WHERE tenant_id = p_tenant AND session_id IS NOT NULL GROUP BY session_id;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION rebuild_search_summaries(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION rebuild_search_summaries(uuid) TO teleport_audit_app;
--> statement-breakpoint
-- The rows stored before this migration: their access requests, then the summaries of every tenant (as the
-- owner, through the partitions for the UPDATE, which carry no row-level security of their own).
DO $$
DECLARE
  part regclass;
  t uuid;
  stored uuid[] := '{}';
  t_ids uuid[];
BEGIN
  FOR part IN SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'teleport_audit_events'::regclass LOOP
    EXECUTE format($u$
      UPDATE %s SET
        access_requests = CASE WHEN jsonb_typeof(raw->'access_requests') = 'array' AND jsonb_array_length(raw->'access_requests') > 0
                                AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(raw->'access_requests') x WHERE jsonb_typeof(x) <> 'string')
                               THEN ARRAY(SELECT jsonb_array_elements_text(raw->'access_requests')) END,
        search_text = left(lower((SELECT string_agg(v #>> '{}', E'\n') FROM jsonb_path_query(raw - 'time', 'strict $.** ? (@.type() == "string")') v)), 8192)
    $u$, part);
    EXECUTE format('SELECT array_agg(DISTINCT tenant_id) FROM %s', part) INTO t_ids;
    stored := stored || coalesce(t_ids, '{}');
  END LOOP;
  FOREACH t IN ARRAY ARRAY(SELECT DISTINCT unnest(stored)) LOOP
    PERFORM rebuild_search_summaries(t);
  END LOOP;
END
$$;
