-- No DELETE: runs are history. They go only with their source or tenant, by the foreign keys' cascades.
GRANT SELECT, INSERT, UPDATE ON backfill_runs TO teleport_audit_app;
--> statement-breakpoint
ALTER TABLE backfill_runs ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE backfill_runs FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON backfill_runs
  USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
