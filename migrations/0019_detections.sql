CREATE TABLE "alert_deliveries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"alert_id" uuid,
	"destination_id" uuid NOT NULL,
	"test" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"last_status" integer,
	"last_error" text,
	"delivered_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "alert_deliveries_status_ck" CHECK ("alert_deliveries"."status" in ('pending', 'delivered', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "alert_delivery_attempts" (
	"tenant_id" uuid NOT NULL,
	"delivery_id" uuid NOT NULL,
	"attempt" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"outcome" text NOT NULL,
	"status" integer,
	"error" text,
	"duration_ms" integer NOT NULL,
	"response_snippet" text,
	CONSTRAINT "alert_delivery_attempts_pk" PRIMARY KEY("tenant_id","delivery_id","attempt")
);
--> statement-breakpoint
CREATE TABLE "alert_delivery_due" (
	"delivery_id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_destinations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"config" jsonb NOT NULL,
	"sealed_secret" text NOT NULL,
	"min_severity" text DEFAULT 'low' NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_events" (
	"tenant_id" uuid NOT NULL,
	"alert_id" uuid NOT NULL,
	"event_id" bigint NOT NULL,
	"event_time" timestamp with time zone NOT NULL,
	CONSTRAINT "alert_events_pk" PRIMARY KEY("tenant_id","alert_id","event_time","event_id")
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"rule_id" text NOT NULL,
	"rule_version" integer NOT NULL,
	"title" text NOT NULL,
	"severity" text NOT NULL,
	"alert_key" text NOT NULL,
	"group_key" text NOT NULL,
	"group_values" jsonb NOT NULL,
	"source_id" uuid,
	"details" jsonb,
	"first_seen" timestamp with time zone NOT NULL,
	"last_seen" timestamp with time zone NOT NULL,
	"event_count" integer NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" text,
	"resolved_at" timestamp with time zone,
	"resolved_by" text,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "alerts_status_ck" CHECK ("alerts"."status" in ('open', 'acknowledged', 'resolved'))
);
--> statement-breakpoint
CREATE TABLE "detection_queue" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"event_ids" bigint[] NOT NULL,
	"min_time" timestamp with time zone NOT NULL,
	"max_time" timestamp with time zone NOT NULL,
	"enqueued_at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "detection_rule_versions" (
	"tenant_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"rule_id" text NOT NULL,
	"version" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"created_by" text,
	CONSTRAINT "detection_rule_versions_pk" PRIMARY KEY("tenant_id","rule_id","version")
);
--> statement-breakpoint
CREATE TABLE "detection_rules" (
	"tenant_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"rule_id" text NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"kind" text NOT NULL,
	"severity" text NOT NULL,
	"enabled" boolean NOT NULL,
	"builtin" boolean DEFAULT false NOT NULL,
	"edited" boolean DEFAULT false NOT NULL,
	"definition" jsonb NOT NULL,
	"enabled_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" text,
	CONSTRAINT "detection_rules_pk" PRIMARY KEY("tenant_id","rule_id")
);
--> statement-breakpoint
CREATE TABLE "detection_state" (
	"tenant_id" uuid NOT NULL,
	"rule_id" text NOT NULL,
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"state" jsonb NOT NULL,
	"expires_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "detection_state_pk" PRIMARY KEY("tenant_id","rule_id","scope","key")
);
--> statement-breakpoint
ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_alert_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_destination_fk" FOREIGN KEY ("destination_id") REFERENCES "public"."alert_destinations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_delivery_attempts" ADD CONSTRAINT "alert_delivery_attempts_delivery_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."alert_deliveries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_destinations" ADD CONSTRAINT "alert_destinations_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_events" ADD CONSTRAINT "alert_events_alert_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "detection_rule_versions" ADD CONSTRAINT "detection_rule_versions_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "detection_rules" ADD CONSTRAINT "detection_rules_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "detection_state" ADD CONSTRAINT "detection_state_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_deliveries_alert_idx" ON "alert_deliveries" USING btree ("tenant_id","alert_id");--> statement-breakpoint
CREATE INDEX "alert_deliveries_destination_idx" ON "alert_deliveries" USING btree ("tenant_id","destination_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "alert_delivery_due_next_idx" ON "alert_delivery_due" USING btree ("next_attempt_at");--> statement-breakpoint
CREATE UNIQUE INDEX "alert_destinations_name_uq" ON "alert_destinations" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE INDEX "alerts_created_idx" ON "alerts" USING btree ("tenant_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "alerts_key_idx" ON "alerts" USING btree ("tenant_id","alert_key","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "alerts_status_idx" ON "alerts" USING btree ("tenant_id","status","last_seen" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "detection_queue_tenant_idx" ON "detection_queue" USING btree ("tenant_id","id");--> statement-breakpoint
CREATE INDEX "detection_rules_enabled_idx" ON "detection_rules" USING btree ("tenant_id","enabled");--> statement-breakpoint
CREATE INDEX "detection_state_expires_idx" ON "detection_state" USING btree ("tenant_id","expires_at");--> statement-breakpoint
-- Row-level security on every tenant table of detections and alerts, as on the others (0002).
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['detection_rules', 'detection_rule_versions', 'detection_state', 'alerts', 'alert_events',
                           'alert_destinations', 'alert_deliveries', 'alert_delivery_attempts'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id())', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO teleport_audit_app', t);
  END LOOP;
END
$$;
--> statement-breakpoint
-- The queue holds event ids only and is read across tenants by the evaluator, like s3_source_registry.
GRANT SELECT, INSERT, DELETE ON detection_queue TO teleport_audit_app;
--> statement-breakpoint
GRANT USAGE ON SEQUENCE detection_queue_id_seq TO teleport_audit_app;
--> statement-breakpoint
-- Every statement that inserts events (the webhook's and S3's batch function, backfills, anything else) queues
-- the rows it actually inserted for evaluation, in its own transaction: what commits is evaluated, what rolls
-- back never was, and a duplicate skipped by ON CONFLICT is not evaluated twice. One row per statement and
-- tenant keeps the cost to one small insert per batch.
CREATE FUNCTION queue_events_for_detection() RETURNS trigger
LANGUAGE plpgsql SECURITY INVOKER SET search_path = public, pg_temp AS $$
BEGIN
  INSERT INTO detection_queue (tenant_id, event_ids, min_time, max_time)
  SELECT n.tenant_id, array_agg(n.id ORDER BY n.id), min(n.event_time), max(n.event_time)
    FROM new_events n GROUP BY n.tenant_id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER teleport_audit_events_detection AFTER INSERT ON teleport_audit_events
  REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION queue_events_for_detection();
--> statement-breakpoint
-- The outbox's due list is read across tenants by the delivery loop; it holds ids and times only.
GRANT SELECT, INSERT, UPDATE, DELETE ON alert_delivery_due TO teleport_audit_app;
