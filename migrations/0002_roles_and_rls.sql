-- The app connects (or SET ROLEs) as teleport_audit_app: not the owner, not a superuser, so row-level
-- security applies to it. Every tenant table is FORCEd as well, so even the owner sees only its tenant.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'teleport_audit_app') THEN
    CREATE ROLE teleport_audit_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
  END IF;
END
$$;
--> statement-breakpoint
GRANT teleport_audit_app TO CURRENT_USER;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO teleport_audit_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON installation TO teleport_audit_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON tenants, api_keys, sources, audit_log, ingest_rejects TO teleport_audit_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON teleport_audit_events TO teleport_audit_app;
--> statement-breakpoint
GRANT USAGE ON SEQUENCE teleport_audit_events_id_seq TO teleport_audit_app;
--> statement-breakpoint
REVOKE ALL ON teleport_audit_events_default FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION ensure_event_partition(timestamptz) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION ensure_event_partition(timestamptz) TO teleport_audit_app;
--> statement-breakpoint
-- The tenant of the current transaction, or NULL when none was set (current_setting returns '' after a
-- transaction-local setting ends, hence NULLIF). NULL matches no row: no tenant context, no data.
CREATE FUNCTION app_tenant_id() RETURNS uuid LANGUAGE sql STABLE AS $$
  SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid
$$;
--> statement-breakpoint
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON tenants USING (id = app_tenant_id()) WITH CHECK (id = app_tenant_id());
--> statement-breakpoint
ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE api_keys FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON api_keys USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
--> statement-breakpoint
-- Authentication happens before the tenant is known: a transaction that presents a key's hash may read
-- exactly the row with that hash, and nothing else. Knowing the hash requires knowing the secret.
CREATE POLICY key_lookup ON api_keys FOR SELECT
  USING (key_hash = NULLIF(current_setting('app.api_key_hash', true), ''));
--> statement-breakpoint
ALTER TABLE sources ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE sources FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON sources USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
--> statement-breakpoint
CREATE POLICY token_lookup ON sources FOR SELECT
  USING (token_hash = NULLIF(current_setting('app.token_hash', true), '')
      OR previous_token_hash = NULLIF(current_setting('app.token_hash', true), ''));
--> statement-breakpoint
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON audit_log USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
--> statement-breakpoint
ALTER TABLE ingest_rejects ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE ingest_rejects FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON ingest_rejects USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
--> statement-breakpoint
ALTER TABLE teleport_audit_events ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE teleport_audit_events FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON teleport_audit_events
  USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
