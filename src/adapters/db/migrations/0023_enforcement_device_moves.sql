CREATE TABLE "enforcement_device_moves" (
	"id" text PRIMARY KEY NOT NULL,
	"push_id" text NOT NULL,
	"moved_at" timestamp(3) with time zone NOT NULL,
	"actor" text NOT NULL,
	"source" text NOT NULL,
	"protocol" text NOT NULL,
	"version" text NOT NULL,
	"role" text NOT NULL,
	"device" text NOT NULL,
	"from_policy" text,
	"to_policy" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "enforcement_device_moves_push_idx" ON "enforcement_device_moves" USING btree ("push_id");--> statement-breakpoint
-- Not generated: a device move is history, append-only like the pushes (docs/adr/0023-history-append-only-in-the-database.md).
CREATE TRIGGER "enforcement_device_moves_append_only" BEFORE UPDATE OR DELETE ON "enforcement_device_moves" FOR EACH ROW EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "enforcement_device_moves_no_truncate" BEFORE TRUNCATE ON "enforcement_device_moves" FOR EACH STATEMENT EXECUTE FUNCTION "history_refuse_edit"();
