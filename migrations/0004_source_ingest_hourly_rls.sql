GRANT SELECT, INSERT, UPDATE, DELETE ON source_ingest_hourly TO teleport_audit_app;
--> statement-breakpoint
ALTER TABLE source_ingest_hourly ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE source_ingest_hourly FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON source_ingest_hourly
  USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
