CREATE TABLE "completeness_source_baselines" (
	"tenant_id" uuid NOT NULL,
	"source_id" uuid NOT NULL,
	"usual_gap_seconds" integer,
	"reject_baseline_per_hour" double precision NOT NULL,
	"learned_at" timestamp with time zone NOT NULL,
	CONSTRAINT "completeness_source_baselines_pk" PRIMARY KEY("tenant_id","source_id")
);
--> statement-breakpoint
CREATE TABLE "completeness_state" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"learned_at" timestamp with time zone,
	"long_open_seconds" integer,
	"gap_cursor" jsonb,
	"stale_cursor" jsonb,
	"event_types_scanned_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "completeness_source_baselines" ADD CONSTRAINT "completeness_source_baselines_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "completeness_source_baselines" ADD CONSTRAINT "completeness_source_baselines_source_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "completeness_state" ADD CONSTRAINT "completeness_state_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Row-level security on the completeness monitor's learned state, as on its findings (0020).
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['completeness_state', 'completeness_source_baselines'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id())', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO teleport_audit_app', t);
  END LOOP;
END
$$;
