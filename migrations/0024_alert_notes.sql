CREATE TABLE "alert_notes" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"alert_id" uuid NOT NULL,
	"author" text NOT NULL,
	"text" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "alert_notes_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "alert_notes_text_ck" CHECK (length("alert_notes"."text") between 1 and 2000)
);
--> statement-breakpoint
ALTER TABLE "alert_notes" ADD CONSTRAINT "alert_notes_alert_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_notes_alert_idx" ON "alert_notes" USING btree ("tenant_id","alert_id","created_at");--> statement-breakpoint
-- Row-level security, as on the alerts they belong to (0019).
ALTER TABLE alert_notes ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE alert_notes FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON alert_notes USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON alert_notes TO teleport_audit_app;
