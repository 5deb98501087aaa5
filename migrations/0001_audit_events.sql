-- teleport_audit_events: hand-written because drizzle-kit cannot express partitioning.
-- Monthly range partitions on event_time, created ahead by the maintenance job and on demand by
-- ensure_event_partition(); a DEFAULT partition catches anything else, so no insert ever fails for lack of one.
CREATE SEQUENCE teleport_audit_events_id_seq AS bigint;
--> statement-breakpoint
CREATE TABLE teleport_audit_events (
  id bigint NOT NULL DEFAULT nextval('teleport_audit_events_id_seq'),
  tenant_id uuid NOT NULL,
  source_id uuid NOT NULL,
  dedup_key text NOT NULL,
  event_time timestamptz NOT NULL,
  time_from_received_at boolean NOT NULL DEFAULT false,
  received_at timestamptz NOT NULL,
  uid text,
  -- "C" collation so that prefix filters (event_type LIKE 'session.%') can use the btree index
  event_type text COLLATE "C" NOT NULL,
  event_code text,
  code_severity text GENERATED ALWAYS AS (right(event_code, 1)) STORED,
  event_index bigint,
  cluster_name text,
  success boolean,
  error text,
  message text,
  actor text,
  actor_path text,
  user_name text,
  login text,
  impersonator text,
  user_kind smallint,
  user_roles text[],
  roles text[],
  method text,
  mfa_device_uuid text,
  session_id text,
  server_id text,
  server_hostname text,
  server_addr text,
  namespace text,
  remote_addr text,
  remote_ip inet,
  remote_port integer,
  local_addr text,
  local_ip inet,
  local_port integer,
  protocol text,
  user_agent text,
  resource_name text,
  updated_by text,
  request_id text,
  request_state text,
  cert_type text,
  cert_expires timestamptz,
  command text,
  program text,
  path text,
  argv text[],
  exit_code integer,
  kubernetes_cluster text,
  kube_verb text,
  kube_request_path text,
  kube_resource text,
  response_code integer,
  db_service text,
  db_protocol text,
  db_name text,
  db_user text,
  db_query text,
  app_name text,
  aws_role_arn text,
  desktop_addr text,
  windows_user text,
  session_start timestamptz,
  session_stop timestamptz,
  tx_bytes bigint,
  rx_bytes bigint,
  labels jsonb,
  parse_warnings text[],
  raw jsonb NOT NULL
) PARTITION BY RANGE (event_time);
--> statement-breakpoint
ALTER SEQUENCE teleport_audit_events_id_seq OWNED BY teleport_audit_events.id;
--> statement-breakpoint
CREATE TABLE teleport_audit_events_default PARTITION OF teleport_audit_events DEFAULT;
--> statement-breakpoint
-- Every index leads with tenant_id; each one costs ingest throughput, so only what the search API filters on.
CREATE UNIQUE INDEX teleport_audit_events_dedup_uq ON teleport_audit_events (tenant_id, dedup_key, event_time);
--> statement-breakpoint
CREATE INDEX teleport_audit_events_time_idx ON teleport_audit_events (tenant_id, event_time DESC, id DESC);
--> statement-breakpoint
CREATE INDEX teleport_audit_events_type_idx ON teleport_audit_events (tenant_id, event_type, event_time DESC);
--> statement-breakpoint
CREATE INDEX teleport_audit_events_actor_idx ON teleport_audit_events (tenant_id, actor, event_time DESC);
--> statement-breakpoint
CREATE INDEX teleport_audit_events_uid_idx ON teleport_audit_events (tenant_id, uid);
--> statement-breakpoint
CREATE INDEX teleport_audit_events_session_idx ON teleport_audit_events (tenant_id, session_id, event_index)
  WHERE session_id IS NOT NULL;
--> statement-breakpoint
-- Creates the monthly partition holding p_at, if missing, moving any rows the DEFAULT partition already holds
-- for that month (CREATE ... PARTITION OF fails while DEFAULT holds such rows). SECURITY DEFINER because the
-- app role may insert events but owns no DDL; it runs with the table owner's rights.
CREATE FUNCTION ensure_event_partition(p_at timestamptz) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  month_start timestamptz := date_trunc('month', p_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
  month_end timestamptz := (date_trunc('month', p_at AT TIME ZONE 'UTC') + interval '1 month') AT TIME ZONE 'UTC';
  part text := 'teleport_audit_events_' || to_char(p_at AT TIME ZONE 'UTC', 'YYYYMM');
  cols text;
BEGIN
  IF to_regclass(part) IS NOT NULL THEN RETURN part; END IF;
  PERFORM pg_advisory_xact_lock(hashtext('teleport_audit_events.partitions'));
  -- Re-check with a fresh snapshot of pg_class: to_regclass reads the catalog cache, which an advisory
  -- lock does not refresh, so it can miss a partition a concurrent caller has just committed.
  IF EXISTS (SELECT 1 FROM pg_class WHERE relname = part AND relnamespace = 'public'::regnamespace) THEN RETURN part; END IF;

  SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO cols
    FROM pg_attribute
   WHERE attrelid = 'teleport_audit_events'::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = '';

  CREATE TEMP TABLE IF NOT EXISTS pg_temp.moved_events (LIKE teleport_audit_events) ON COMMIT DROP;
  EXECUTE format('WITH d AS (DELETE FROM teleport_audit_events_default WHERE event_time >= $1 AND event_time < $2 RETURNING %s)
                  INSERT INTO pg_temp.moved_events (%s) SELECT %s FROM d', cols, cols, cols)
    USING month_start, month_end;
  EXECUTE format('CREATE TABLE %I PARTITION OF teleport_audit_events FOR VALUES FROM (%L) TO (%L)',
                 part, month_start, month_end);
  EXECUTE format('INSERT INTO %I (%s) SELECT %s FROM pg_temp.moved_events', part, cols, cols);
  TRUNCATE pg_temp.moved_events;
  -- Partitions have no row-level security of their own: only the parent, which enforces it, is reachable.
  EXECUTE format('REVOKE ALL ON %I FROM PUBLIC', part);
  RETURN part;
END
$$;
