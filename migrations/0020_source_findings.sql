CREATE TABLE "source_findings" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"source_id" uuid,
	"kind" text NOT NULL,
	"subject" text DEFAULT '' NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "source_findings_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "source_findings_kind_ck" CHECK ("source_findings"."kind" in ('source.silent', 'session.incomplete', 'session.open_too_long', 'event_type.unknown', 'rejects.spike', 's3.objects_missing', 's3.objects_failed')),
	CONSTRAINT "source_findings_state_ck" CHECK ("source_findings"."state" in ('open', 'resolved')),
	CONSTRAINT "source_findings_resolved_ck" CHECK (("source_findings"."state" = 'resolved') = ("source_findings"."resolved_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "tenant_event_types" (
	"tenant_id" uuid NOT NULL,
	"event_type" text NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"first_source_id" uuid,
	CONSTRAINT "tenant_event_types_pk" PRIMARY KEY("tenant_id","event_type")
);
--> statement-breakpoint
ALTER TABLE "source_findings" ADD CONSTRAINT "source_findings_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "source_findings" ADD CONSTRAINT "source_findings_source_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_event_types" ADD CONSTRAINT "tenant_event_types_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "source_findings_open_uq" ON "source_findings" USING btree ("tenant_id","kind",coalesce("source_id", '00000000-0000-0000-0000-000000000000'::uuid),"subject") WHERE "source_findings"."state" = 'open';--> statement-breakpoint
CREATE INDEX "source_findings_source_idx" ON "source_findings" USING btree ("tenant_id","source_id","state","opened_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "source_findings_state_idx" ON "source_findings" USING btree ("tenant_id","state","kind");--> statement-breakpoint
-- Row-level security on the completeness monitor's tenant tables, as on the others (0002).
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['source_findings', 'tenant_event_types'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id())', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO teleport_audit_app', t);
  END LOOP;
END
$$;
