ALTER TABLE "tenants" ADD COLUMN "retention_days" integer DEFAULT 365 NOT NULL;--> statement-breakpoint
CREATE INDEX "ingest_rejects_tenant_received_idx" ON "ingest_rejects" USING btree ("tenant_id","received_at");--> statement-breakpoint
ALTER TABLE "tenants" ADD CONSTRAINT "tenants_retention_days_ck" CHECK ("tenants"."retention_days" between 1 and 3650);--> statement-breakpoint
-- Per-tenant retention (the column above) and what the worker's retention job needs to apply it.
--
-- The retention job deletes a tenant's oldest links by time; the primary key starts with request_id instead.
CREATE INDEX event_request_links_time_idx ON event_request_links (tenant_id, event_time);
--> statement-breakpoint
-- The worker's cross-tenant view of retention: which tenants exist and how long each keeps its events, nothing
-- else (tenants itself stays behind row-level security). A trigger keeps it in step; the app role may only read
-- it, and the functions below read it as the owner. Service-level, like s3_source_registry.
CREATE TABLE tenant_retention (
  tenant_id uuid PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
  retention_days integer NOT NULL
);
--> statement-breakpoint
GRANT SELECT ON tenant_retention TO teleport_audit_app;
--> statement-breakpoint
CREATE FUNCTION sync_tenant_retention() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  INSERT INTO tenant_retention (tenant_id, retention_days) VALUES (NEW.id, NEW.retention_days)
  ON CONFLICT (tenant_id) DO UPDATE SET retention_days = excluded.retention_days;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER tenants_retention AFTER INSERT OR UPDATE OF retention_days ON tenants
  FOR EACH ROW EXECUTE FUNCTION sync_tenant_retention();
--> statement-breakpoint
-- The tenants stored before this migration. FORCEd row-level security hides them from the owner as well (unless
-- it is a superuser), so it is lifted for this one statement, inside the migration's transaction.
ALTER TABLE tenants NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
INSERT INTO tenant_retention (tenant_id, retention_days) SELECT id, retention_days FROM tenants ON CONFLICT DO NOTHING;
--> statement-breakpoint
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- The retention job deletes object records in a final state once they are older than OBJECT_RECORD_RETENTION_DAYS.
GRANT DELETE ON ingested_objects TO teleport_audit_app;
--> statement-breakpoint
-- Deletes up to p_limit of one tenant's events older than p_before, oldest first, and returns how many. The app
-- role has no DELETE on the events table: this is its only way to remove events, and it never removes one younger
-- than the tenant's retention by the database's own clock, whatever p_before says (a worker with a clock ahead, a
-- bug). The cut-off is a whole UTC hour, as the job's is, so an hourly rollup goes together with its events.
-- SECURITY DEFINER because only the owner may delete; the tenant context keeps it to p_tenant's rows.
CREATE FUNCTION delete_expired_events(p_tenant uuid, p_before timestamptz, p_limit integer) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  kept_days integer;
  cutoff timestamptz;
  deleted integer;
BEGIN
  SELECT retention_days INTO kept_days FROM tenant_retention WHERE tenant_id = p_tenant;
  IF kept_days IS NULL THEN RETURN 0; END IF;
  cutoff := least(p_before, date_trunc('hour', now() - make_interval(days => kept_days), 'UTC'));
  PERFORM set_config('app.tenant_id', p_tenant::text, true);
  DELETE FROM teleport_audit_events e
   USING (SELECT id, event_time FROM teleport_audit_events
           WHERE tenant_id = p_tenant AND event_time < cutoff ORDER BY event_time LIMIT p_limit) old
   WHERE e.tenant_id = p_tenant AND e.event_time = old.event_time AND e.id = old.id;
  GET DIAGNOSTICS deleted = ROW_COUNT;
  RETURN deleted;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION delete_expired_events(uuid, timestamptz, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION delete_expired_events(uuid, timestamptz, integer) TO teleport_audit_app;
--> statement-breakpoint
-- Detaches and drops up to p_max of the oldest monthly partitions whose upper bound is at or before p_before, and
-- before the longest retention of any tenant by the database's clock, so that every row in them is past every
-- tenant's retention; returns their names. The DEFAULT partition is never dropped (the job deletes its rows).
-- DETACH takes the events table's ACCESS EXCLUSIVE lock for a moment; lock_timeout makes a drop that would queue
-- behind a long search give up (SQLSTATE 55P03) instead of stalling ingest behind it, and the next run retries.
-- The advisory lock is ensure_event_partition's, so a partition is never created and dropped at the same time.
CREATE FUNCTION drop_event_partitions_before(p_before timestamptz, p_max integer) RETURNS SETOF text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET lock_timeout = '2s' SET datestyle = 'ISO, YMD' AS $$
DECLARE
  longest integer;
  bound timestamptz;
  part text;
BEGIN
  SELECT max(retention_days) INTO longest FROM tenant_retention;
  IF longest IS NULL THEN RETURN; END IF;
  bound := least(p_before, now() - make_interval(days => longest));
  PERFORM pg_advisory_xact_lock(hashtext('teleport_audit_events.partitions'));
  FOR part IN
    SELECT p.relname FROM (
      SELECT c.relname, (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \(''([^'']+)''\)'))[1]::timestamptz AS upper_bound
        FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'teleport_audit_events'::regclass) p
     WHERE p.upper_bound <= bound
     ORDER BY p.upper_bound
     LIMIT p_max
  LOOP
    EXECUTE format('ALTER TABLE teleport_audit_events DETACH PARTITION %I', part);
    EXECUTE format('DROP TABLE %I', part);
    RETURN NEXT part;
  END LOOP;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION drop_event_partitions_before(timestamptz, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION drop_event_partitions_before(timestamptz, integer) TO teleport_audit_app;
--> statement-breakpoint
-- Session summaries whose first event is older than p_before (up to p_limit of them, oldest first): each is
-- deleted and rebuilt from its events at or after p_before, so a session that straddles the cut-off keeps a
-- summary of what remains and one wholly past it disappears. Returns how many were looked at. The rebuild is the
-- aggregate of rebuild_search_summaries (0012) for these sessions only. It is a statement of its own, with a
-- snapshot taken after the DELETE, so an ingest batch that updated one of these summaries meanwhile is counted
-- once: in the rebuild, or by its own upsert when it commits after us.
CREATE FUNCTION refresh_expired_session_summaries(p_tenant uuid, p_before timestamptz, p_limit integer) RETURNS integer
LANGUAGE plpgsql SECURITY INVOKER SET search_path = public, pg_temp AS $$
DECLARE
  ids text[];
BEGIN
  PERFORM set_config('app.tenant_id', p_tenant::text, true);
  WITH gone AS (
    DELETE FROM session_summaries s
     USING (SELECT session_id FROM session_summaries
             WHERE tenant_id = p_tenant AND first_event_at < p_before ORDER BY first_event_at LIMIT p_limit) old
     WHERE s.tenant_id = p_tenant AND s.session_id = old.session_id
    RETURNING s.session_id
  )
  SELECT coalesce(array_agg(session_id), '{}') INTO ids FROM gone;
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
    FROM teleport_audit_events
   WHERE tenant_id = p_tenant AND session_id = ANY (ids) AND event_time >= p_before
   GROUP BY session_id;
  RETURN cardinality(ids);
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION refresh_expired_session_summaries(uuid, timestamptz, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION refresh_expired_session_summaries(uuid, timestamptz, integer) TO teleport_audit_app;
