CREATE TABLE "zone_self_attestations" (
	"id" text PRIMARY KEY NOT NULL,
	"person_id" text NOT NULL,
	"device_id" text NOT NULL,
	"setting" text NOT NULL,
	"state" text NOT NULL,
	"occurred_at" timestamp(3) with time zone NOT NULL,
	"recorded_at" timestamp(3) with time zone NOT NULL,
	"recorded_by" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "zone_self_attestations_person_idx" ON "zone_self_attestations" USING btree ("person_id","occurred_at");--> statement-breakpoint
-- Then, not generated: a holder's statement is history, append-only like every recorded fact
-- (docs/adr/0023).
CREATE TRIGGER "zone_self_attestations_append_only" BEFORE UPDATE OR DELETE ON "zone_self_attestations" FOR EACH ROW EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "zone_self_attestations_no_truncate" BEFORE TRUNCATE ON "zone_self_attestations" FOR EACH STATEMENT EXECUTE FUNCTION "history_refuse_edit"();
