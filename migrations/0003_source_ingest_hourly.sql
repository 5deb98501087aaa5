CREATE TABLE "source_ingest_hourly" (
	"tenant_id" uuid NOT NULL,
	"source_id" uuid NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"events" integer DEFAULT 0 NOT NULL,
	"duplicates" integer DEFAULT 0 NOT NULL,
	"rejects" integer DEFAULT 0 NOT NULL,
	"without_time" integer DEFAULT 0 NOT NULL,
	"last_event_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "source_ingest_hourly_pk" PRIMARY KEY("tenant_id","source_id","hour")
);
--> statement-breakpoint
ALTER TABLE "source_ingest_hourly" ADD CONSTRAINT "source_ingest_hourly_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;