-- One round trip per ingest batch. The Event Handler's one-event requests make batches small and many,
-- so six statements per batch (BEGIN, set_config, INSERT, UPDATE sources, upsert counters, COMMIT) were the
-- cost, and the two per-source rows stayed locked across all of them. This does the same in one statement.
-- SECURITY INVOKER: it runs as the app role, so row-level security applies exactly as before.
--
-- p_rows: the events as jsonb_populate_recordset input. p_sources: [{"sourceId", "total", "withoutTime"}].
-- An event stamped with its time of receipt (time_from_received_at) is skipped when its dedup key is already
-- stored at any time: a redelivery would otherwise differ in event_time and slip past the unique index.
-- Returns the inserted rows' identity, so the caller can tell each request what was new.
CREATE FUNCTION ingest_event_batch(p_tenant uuid, p_rows jsonb, p_received_at timestamptz, p_sources jsonb)
RETURNS TABLE (source_id uuid, dedup_key text, event_ms bigint)
LANGUAGE plpgsql SECURITY INVOKER SET search_path = public, pg_temp AS $$
DECLARE
  cols text;
  rcols text;
BEGIN
  PERFORM set_config('app.tenant_id', p_tenant::text, true);
  SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum), string_agg('r.' || quote_ident(attname), ', ' ORDER BY attnum)
    INTO cols, rcols
    FROM pg_attribute
   WHERE attrelid = 'teleport_audit_events'::regclass AND attnum > 0 AND NOT attisdropped
     AND attgenerated = '' AND attname <> 'id';
  RETURN QUERY EXECUTE format($q$
    WITH ins AS (
      INSERT INTO teleport_audit_events (%1$s)
      SELECT %2$s FROM jsonb_populate_recordset(null::teleport_audit_events, $1) r
       WHERE NOT (r.time_from_received_at AND EXISTS (
               SELECT 1 FROM teleport_audit_events e WHERE e.tenant_id = $2 AND e.dedup_key = r.dedup_key))
      ON CONFLICT DO NOTHING
      RETURNING teleport_audit_events.source_id, teleport_audit_events.dedup_key, teleport_audit_events.event_time
    ), agg AS (
      SELECT ins.source_id, count(*)::int AS n FROM ins GROUP BY ins.source_id
    ), src AS (
      SELECT (s->>'sourceId')::uuid AS source_id, (s->>'total')::int AS total, (s->>'withoutTime')::int AS without_time
        FROM jsonb_array_elements($4) s
    ), upd AS (
      UPDATE sources SET last_event_at = $3
       WHERE sources.tenant_id = $2 AND sources.id IN (SELECT src.source_id FROM src)
      RETURNING 1
    ), hourly AS (
      INSERT INTO source_ingest_hourly (tenant_id, source_id, hour, events, duplicates, without_time, last_event_at)
      SELECT $2, src.source_id, date_trunc('hour', $3 AT TIME ZONE 'UTC') AT TIME ZONE 'UTC',
             coalesce(agg.n, 0), src.total - coalesce(agg.n, 0), src.without_time, $3
        FROM src LEFT JOIN agg ON agg.source_id = src.source_id
      ON CONFLICT (tenant_id, source_id, hour) DO UPDATE SET
        events = source_ingest_hourly.events + excluded.events,
        duplicates = source_ingest_hourly.duplicates + excluded.duplicates,
        without_time = source_ingest_hourly.without_time + excluded.without_time,
        last_event_at = greatest(source_ingest_hourly.last_event_at, excluded.last_event_at)
      RETURNING 1
    )
    SELECT ins.source_id, ins.dedup_key, floor(extract(epoch FROM ins.event_time) * 1000)::bigint FROM ins
  $q$, cols, rcols) USING p_rows, p_tenant, p_received_at, p_sources;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION ingest_event_batch(uuid, jsonb, timestamptz, jsonb) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION ingest_event_batch(uuid, jsonb, timestamptz, jsonb) TO teleport_audit_app;
