GRANT SELECT, INSERT, UPDATE ON ingested_objects TO teleport_audit_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON unrouted_notifications TO teleport_audit_app;
--> statement-breakpoint
ALTER TABLE ingested_objects ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE ingested_objects FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON ingested_objects
  USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
--> statement-breakpoint
-- The worker's view of S3 sources across tenants: routing a notification by bucket, starting one consumer
-- per customer-owned queue, and finding queued objects all happen before any one tenant is in context.
-- Only ids, the bucket and the queue URL are here; everything else stays behind row-level security.
-- A trigger keeps it in step with `sources`; the app role may only read it.
CREATE TABLE s3_source_registry (
  source_id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  bucket text NOT NULL,
  queue_url text,
  updated_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE INDEX s3_source_registry_bucket_idx ON s3_source_registry (bucket);
--> statement-breakpoint
GRANT SELECT ON s3_source_registry TO teleport_audit_app;
--> statement-breakpoint
CREATE FUNCTION sync_s3_source_registry() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM s3_source_registry WHERE source_id = OLD.id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.type = 'teleport_s3' AND NEW.config->>'bucket' IS NOT NULL THEN
    INSERT INTO s3_source_registry (source_id, tenant_id, bucket, queue_url)
    VALUES (NEW.id, NEW.tenant_id, NEW.config->>'bucket', NULLIF(NEW.config->>'queueUrl', ''));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER sources_s3_registry AFTER INSERT OR UPDATE OR DELETE ON sources
  FOR EACH ROW EXECUTE FUNCTION sync_s3_source_registry();
