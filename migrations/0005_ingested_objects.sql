CREATE TABLE "ingested_objects" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"source_id" uuid NOT NULL,
	"bucket" text NOT NULL,
	"key" text NOT NULL,
	"etag" text NOT NULL,
	"version_id" text,
	"size" bigint,
	"via" text NOT NULL,
	"sqs_message_id" text,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"requeues" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"format" text,
	"events_total" integer DEFAULT 0 NOT NULL,
	"events_inserted" integer DEFAULT 0 NOT NULL,
	"events_duplicate" integer DEFAULT 0 NOT NULL,
	"bad_records" integer DEFAULT 0 NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ingested_objects_status_ck" CHECK ("ingested_objects"."status" in ('queued', 'processing', 'done', 'skipped', 'missing', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "unrouted_notifications" (
	"bucket" text PRIMARY KEY NOT NULL,
	"count" integer DEFAULT 1 NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_key" text
);
--> statement-breakpoint
ALTER TABLE "ingested_objects" ADD CONSTRAINT "ingested_objects_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ingested_objects_identity_uq" ON "ingested_objects" USING btree ("tenant_id","source_id","bucket","key","etag");--> statement-breakpoint
CREATE INDEX "ingested_objects_status_idx" ON "ingested_objects" USING btree ("tenant_id","source_id","status","first_seen_at" DESC NULLS LAST);