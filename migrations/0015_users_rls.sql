-- Users, their browser sessions and invites: tenant-owned like everything else. Sign-in, a session cookie and an
-- invite link arrive before the tenant is known, so each may read exactly the row it names (by address or by
-- the hash of its secret), as api_keys' key_lookup does.
GRANT SELECT, INSERT, UPDATE, DELETE ON users, user_sessions, user_invites TO teleport_audit_app;
--> statement-breakpoint
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE users FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON users USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
--> statement-breakpoint
CREATE POLICY sign_in_lookup ON users FOR SELECT
  USING (email = NULLIF(current_setting('app.sign_in_email', true), ''));
--> statement-breakpoint
ALTER TABLE user_sessions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE user_sessions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON user_sessions USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
--> statement-breakpoint
CREATE POLICY session_lookup ON user_sessions FOR SELECT
  USING (token_hash = NULLIF(current_setting('app.user_session_hash', true), ''));
--> statement-breakpoint
ALTER TABLE user_invites ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE user_invites FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON user_invites USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
--> statement-breakpoint
CREATE POLICY invite_lookup ON user_invites FOR SELECT
  USING (token_hash = NULLIF(current_setting('app.invite_hash', true), ''));
