ALTER TABLE "tenants" ADD COLUMN "detection_rules_revision" bigint DEFAULT 0 NOT NULL;
--> statement-breakpoint
-- Detection screening at ingest. The service matches each batch's events against the tenant's enabled rules
-- (as cached, with the revision they were read at) before it commits them, and ingest_event_batch queues for
-- evaluation only the inserted rows some rule's query can match: an event no rule matches cannot change a
-- firing or a rule's state, and reading it back in the worker was most of what evaluation cost. The revision
-- is checked inside the inserting statement, so a rule saved after the cache was read makes that batch queue
-- every row it inserted (and tells the caller to read the rules again): nothing a current rule matches is
-- ever left out. Other inserts into the events table are still queued whole by the trigger.
CREATE FUNCTION bump_detection_rules_revision() RETURNS trigger
LANGUAGE plpgsql SECURITY INVOKER SET search_path = public, pg_temp AS $$
BEGIN
  UPDATE tenants SET detection_rules_revision = detection_rules_revision + 1 WHERE id = coalesce(NEW.tenant_id, OLD.tenant_id);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER detection_rules_revision AFTER INSERT OR UPDATE OR DELETE ON detection_rules
  FOR EACH ROW EXECUTE FUNCTION bump_detection_rules_revision();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION queue_events_for_detection() RETURNS trigger
LANGUAGE plpgsql SECURITY INVOKER SET search_path = public, pg_temp AS $$
BEGIN
  -- ingest_event_batch queues the rows of its own statement, screened (0025)
  IF current_setting('app.detection_queued', true) = 'on' THEN
    RETURN NULL;
  END IF;
  INSERT INTO detection_queue (tenant_id, event_ids, event_times, min_time, max_time)
  SELECT n.tenant_id, array_agg(n.id ORDER BY n.id), array_agg(n.event_time ORDER BY n.id), min(n.event_time), max(n.event_time)
    FROM new_events n GROUP BY n.tenant_id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
DROP FUNCTION ingest_event_batch(uuid, jsonb, timestamptz, jsonb);
--> statement-breakpoint
-- As in 0012, plus the screened detection queueing.
CREATE FUNCTION ingest_event_batch(p_tenant uuid, p_rows jsonb, p_received_at timestamptz, p_sources jsonb,
                                   p_rules_revision bigint DEFAULT NULL, p_screened jsonb DEFAULT NULL)
RETURNS TABLE (source_id uuid, dedup_key text, event_time text, rules_revision bigint)
LANGUAGE plpgsql SECURITY INVOKER SET search_path = public, pg_temp AS $$
DECLARE
  v_revision bigint;
  v_all boolean;
BEGIN
  PERFORM set_config('app.tenant_id', p_tenant::text, true);
  SELECT t.detection_rules_revision INTO v_revision FROM tenants t WHERE t.id = p_tenant;
  -- A screen made from other rules than the tenant's current ones (or none) cannot be trusted: all rows are queued.
  v_all := p_rules_revision IS NULL OR p_screened IS NULL OR p_rules_revision IS DISTINCT FROM v_revision;
  -- This statement queues its own rows (the CTE queued below); the events table's trigger stands aside for it.
  PERFORM set_config('app.detection_queued', 'on', true);
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
    ), queued AS (
      -- The inserted rows some enabled rule can act on (p_screened: an object keyed by their dedup keys), or all.
      INSERT INTO detection_queue (tenant_id, event_ids, event_times, min_time, max_time)
      SELECT p_tenant, array_agg(ins.eid ORDER BY ins.eid), array_agg(ins.etime ORDER BY ins.eid), min(ins.etime), max(ins.etime)
        FROM ins WHERE v_all OR p_screened ? ins.dkey
      HAVING count(*) > 0
      RETURNING 1
    )
    SELECT ins.sid, ins.dkey, to_char(ins.etime AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), v_revision FROM ins;
  PERFORM set_config('app.detection_queued', '', true);
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION ingest_event_batch(uuid, jsonb, timestamptz, jsonb, bigint, jsonb) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION ingest_event_batch(uuid, jsonb, timestamptz, jsonb, bigint, jsonb) TO teleport_audit_app;
