-- Event times keep the microseconds Postgres can hold (Teleport writes nanoseconds); they used to be cut to
-- milliseconds on the way in. The batch function now returns each inserted row's event time to the
-- microsecond, in the same text form the ingest code uses to match rows to requests.
DROP FUNCTION ingest_event_batch(uuid, jsonb, timestamptz, jsonb);
--> statement-breakpoint
CREATE FUNCTION ingest_event_batch(p_tenant uuid, p_rows jsonb, p_received_at timestamptz, p_sources jsonb)
RETURNS TABLE (source_id uuid, dedup_key text, event_time text)
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
    SELECT ins.sid, ins.dkey, to_char(ins.etime AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') FROM ins;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION ingest_event_batch(uuid, jsonb, timestamptz, jsonb) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION ingest_event_batch(uuid, jsonb, timestamptz, jsonb) TO teleport_audit_app;
--> statement-breakpoint
-- Rows stored before this migration are re-derived from their raw event, so that a redelivery (which now
-- arrives with microseconds) meets its stored copy in the unique index instead of landing beside it.
-- Only times written with more than three fractional digits change, only within their millisecond (never
-- across a partition boundary), truncated to six digits as the normalizer does. Zone-less forms (Panther's)
-- are read as UTC, as the normalizer reads them. Partitions are updated directly: they carry no row-level
-- security of their own, and the owner running migrations sees no tenant's rows through the parent.
CREATE FUNCTION pg_temp.micro_time(p_text text) RETURNS timestamptz LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN p_text ~ '^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}\.\d{4,9}([Zz]|[+-]\d{2}:\d{2})?$'
              THEN (regexp_replace(p_text, '(\.\d{6})\d+', '\1') || CASE WHEN p_text ~ '([Zz]|[+-]\d{2}:\d{2})$' THEN '' ELSE 'Z' END)::timestamptz
         END
$$;
--> statement-breakpoint
DO $$
DECLARE
  part regclass;
BEGIN
  FOR part IN SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'teleport_audit_events'::regclass LOOP
    EXECUTE format($u$
      UPDATE %s e SET
        event_time = coalesce(CASE WHEN NOT e.time_from_received_at AND date_trunc('milliseconds', pg_temp.micro_time(e.raw->>'time')) = e.event_time
                                   THEN pg_temp.micro_time(e.raw->>'time') END, e.event_time),
        session_start = coalesce(CASE WHEN date_trunc('milliseconds', pg_temp.micro_time(e.raw->>'session_start')) = e.session_start
                                      THEN pg_temp.micro_time(e.raw->>'session_start') END, e.session_start),
        session_stop = coalesce(CASE WHEN date_trunc('milliseconds', pg_temp.micro_time(e.raw->>'session_stop')) = e.session_stop
                                     THEN pg_temp.micro_time(e.raw->>'session_stop') END, e.session_stop),
        cert_expires = coalesce(CASE WHEN date_trunc('milliseconds', pg_temp.micro_time(e.raw->'identity'->>'expires')) = e.cert_expires
                                     THEN pg_temp.micro_time(e.raw->'identity'->>'expires') END, e.cert_expires)
      WHERE jsonb_typeof(e.raw->'time') = 'string' AND e.raw->>'time' ~ '\.\d{4}'
         OR jsonb_typeof(e.raw->'session_start') = 'string' AND e.raw->>'session_start' ~ '\.\d{4}'
         OR jsonb_typeof(e.raw->'session_stop') = 'string' AND e.raw->>'session_stop' ~ '\.\d{4}'
         OR jsonb_typeof(e.raw->'identity'->'expires') = 'string' AND e.raw->'identity'->>'expires' ~ '\.\d{4}'
    $u$, part);
  END LOOP;
END
$$;
