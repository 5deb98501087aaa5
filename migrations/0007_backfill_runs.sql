CREATE TABLE "backfill_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source_id" uuid NOT NULL,
	"requested_by_key_id" uuid NOT NULL,
	"from_date" date,
	"to_date" date,
	"prefix" text,
	"status" text DEFAULT 'queued' NOT NULL,
	"objects_listed" integer DEFAULT 0 NOT NULL,
	"objects_queued" integer DEFAULT 0 NOT NULL,
	"objects_skipped" integer DEFAULT 0 NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"continuation" jsonb,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "backfill_runs_status_ck" CHECK ("backfill_runs"."status" in ('queued', 'listing', 'done', 'failed')),
	CONSTRAINT "backfill_runs_scope_ck" CHECK ("backfill_runs"."prefix" is null or ("backfill_runs"."from_date" is null and "backfill_runs"."to_date" is null))
);
--> statement-breakpoint
ALTER TABLE "backfill_runs" ADD CONSTRAINT "backfill_runs_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "backfill_runs" ADD CONSTRAINT "backfill_runs_source_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "backfill_runs_source_idx" ON "backfill_runs" USING btree ("tenant_id","source_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "backfill_runs_active_idx" ON "backfill_runs" USING btree ("tenant_id","status") WHERE "backfill_runs"."status" in ('queued', 'listing');