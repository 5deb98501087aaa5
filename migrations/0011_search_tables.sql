CREATE TABLE "event_rollup_hourly" (
	"tenant_id" uuid NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"source_id" uuid NOT NULL,
	"event_type" text NOT NULL,
	"event_code" text,
	"cluster_name" text,
	"success" boolean,
	"events" bigint NOT NULL,
	CONSTRAINT "event_rollup_hourly_key" UNIQUE NULLS NOT DISTINCT("tenant_id","hour","source_id","event_type","event_code","cluster_name","success")
);
--> statement-breakpoint
CREATE TABLE "session_summaries" (
	"tenant_id" uuid NOT NULL,
	"session_id" text NOT NULL,
	"first_event_at" timestamp with time zone NOT NULL,
	"last_event_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"initiator" text,
	"initiator_at" timestamp with time zone,
	"login" text,
	"server_hostname" text,
	"server_id" text,
	"cluster_name" text,
	"kubernetes_cluster" text,
	"db_service" text,
	"app_name" text,
	"desktop_addr" text,
	"participants" text[] NOT NULL,
	"event_count" bigint NOT NULL,
	"indexed_count" bigint NOT NULL,
	"max_index" bigint,
	"has_end" boolean NOT NULL,
	CONSTRAINT "session_summaries_pk" PRIMARY KEY("tenant_id","session_id")
);
--> statement-breakpoint
CREATE TABLE "saved_searches" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"name" text NOT NULL,
	"query" text NOT NULL,
	"from_time" text,
	"to_time" text,
	"owner_key_id" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "saved_searches_name_uq" UNIQUE("tenant_id","name")
);
--> statement-breakpoint
ALTER TABLE "event_rollup_hourly" ADD CONSTRAINT "event_rollup_hourly_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_summaries" ADD CONSTRAINT "session_summaries_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_searches" ADD CONSTRAINT "saved_searches_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "session_summaries_recent_idx" ON "session_summaries" USING btree ("tenant_id","first_event_at" DESC NULLS LAST);