-- One round trip per ingest batch. The Event Handler's one-event requests make batches small and many,
-- so six statements per batch (BEGIN, set_config, INSERT, UPDATE sources, upsert counters, COMMIT) were the
-- cost, and the two per-source rows stayed locked across all of them. This does the same in one statement.
-- SECURITY INVOKER: it runs as the app role, so row-level security applies exactly as before.
--
-- p_rows: the events as jsonb_populate_recordset input. p_sources: [{"sourceId", "total", "withoutTime"}].
-- An event stamped with its time of receipt (time_from_received_at) is skipped when its dedup key is already
-- stored at any time: a redelivery would otherwise differ in event_time and slip past the unique index.
-- Returns the inserted rows' identity, so the caller can tell each request what was new.
--
-- The column list is written out (not built at run time) so that PL/pgSQL caches the plan; a migration that
-- adds a column to teleport_audit_events must replace this function too (test/migrations.test.ts checks).
CREATE FUNCTION ingest_event_batch(p_tenant uuid, p_rows jsonb, p_received_at timestamptz, p_sources jsonb)
RETURNS TABLE (source_id uuid, dedup_key text, event_ms bigint)
LANGUAGE plpgsql SECURITY INVOKER SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM set_config('app.tenant_id', p_tenant::text, true);
  RETURN QUERY
    WITH ins AS (
      INSERT INTO teleport_audit_events (
        tenant_id, source_id, dedup_key, event_time, time_from_received_at, received_at, uid,
        event_type, event_code, event_index, cluster_name, success, error, message, actor,
        actor_path, user_name, login, impersonator, user_kind, user_roles, roles, method,
        mfa_device_uuid, session_id, server_id, server_hostname, server_addr, namespace,
        remote_addr, remote_ip, remote_port, local_addr, local_ip, local_port, protocol, user_agent,
        resource_name, updated_by, request_id, request_state, cert_type, cert_expires, command,
        program, path, argv, exit_code, kubernetes_cluster, kube_verb, kube_request_path,
        kube_resource, response_code, db_service, db_protocol, db_name, db_user, db_query, app_name,
        aws_role_arn, desktop_addr, windows_user, session_start, session_stop, tx_bytes, rx_bytes,
        labels, parse_warnings, raw)
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
        r.parse_warnings, r.raw
        FROM jsonb_populate_recordset(null::teleport_audit_events, p_rows) r
       WHERE NOT (r.time_from_received_at AND EXISTS (
               SELECT 1 FROM teleport_audit_events e WHERE e.tenant_id = p_tenant AND e.dedup_key = r.dedup_key))
      ON CONFLICT DO NOTHING
      RETURNING teleport_audit_events.source_id AS sid, teleport_audit_events.dedup_key AS dkey, teleport_audit_events.event_time AS etime
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
    )
    SELECT ins.sid, ins.dkey, floor(extract(epoch FROM ins.etime) * 1000)::bigint FROM ins;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION ingest_event_batch(uuid, jsonb, timestamptz, jsonb) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION ingest_event_batch(uuid, jsonb, timestamptz, jsonb) TO teleport_audit_app;
