-- Tenant names are how operators tell tenants apart (create-tenant, the first-run banner), so two of one name are
-- a mistake. Only the database can refuse one: row-level security hides every other tenant from the app role.
--
-- Tenants that already share a name keep the oldest under it; the others get the end of their id appended.
-- FORCEd row-level security hides them from the owner as well (unless it is a superuser), so it is lifted for
-- this one statement, inside the migration's transaction.
ALTER TABLE tenants NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
UPDATE tenants t SET name = t.name || '-' || right(t.id::text, 8)
 WHERE EXISTS (SELECT 1 FROM tenants older WHERE older.name = t.name AND older.id < t.id);
--> statement-breakpoint
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE UNIQUE INDEX "tenants_name_uq" ON "tenants" USING btree ("name");
