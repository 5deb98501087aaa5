ALTER TABLE "tenants" ADD COLUMN "silence_floor_seconds" integer;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "silence_ceiling_seconds" integer;--> statement-breakpoint
ALTER TABLE "sources" ADD COLUMN "silence_floor_seconds" integer;--> statement-breakpoint
ALTER TABLE "sources" ADD COLUMN "silence_ceiling_seconds" integer;--> statement-breakpoint
ALTER TABLE "tenants" ADD CONSTRAINT "tenants_silence_bounds_ck" CHECK (
  ("tenants"."silence_floor_seconds" is null or "tenants"."silence_floor_seconds" between 60 and 2592000)
  and ("tenants"."silence_ceiling_seconds" is null or "tenants"."silence_ceiling_seconds" between 60 and 2592000)
  and ("tenants"."silence_floor_seconds" is null or "tenants"."silence_ceiling_seconds" is null or "tenants"."silence_floor_seconds" <= "tenants"."silence_ceiling_seconds"));--> statement-breakpoint
ALTER TABLE "sources" ADD CONSTRAINT "sources_silence_bounds_ck" CHECK (
  ("sources"."silence_floor_seconds" is null or "sources"."silence_floor_seconds" between 60 and 2592000)
  and ("sources"."silence_ceiling_seconds" is null or "sources"."silence_ceiling_seconds" between 60 and 2592000)
  and ("sources"."silence_floor_seconds" is null or "sources"."silence_ceiling_seconds" is null or "sources"."silence_floor_seconds" <= "sources"."silence_ceiling_seconds"));