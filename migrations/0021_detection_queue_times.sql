ALTER TABLE "detection_queue" ADD COLUMN "event_times" timestamp with time zone[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
-- Each queued id with its event time, so the evaluator reads the row by (tenant_id, event_time, id) instead of
-- scanning the batch's whole time range (a backfill's spans weeks, and every entry would scan it again).
CREATE OR REPLACE FUNCTION queue_events_for_detection() RETURNS trigger
LANGUAGE plpgsql SECURITY INVOKER SET search_path = public, pg_temp AS $$
BEGIN
  INSERT INTO detection_queue (tenant_id, event_ids, event_times, min_time, max_time)
  SELECT n.tenant_id, array_agg(n.id ORDER BY n.id), array_agg(n.event_time ORDER BY n.id), min(n.event_time), max(n.event_time)
    FROM new_events n GROUP BY n.tenant_id;
  RETURN NULL;
END
$$;
