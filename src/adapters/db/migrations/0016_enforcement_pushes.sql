CREATE TABLE "enforcement_pushes" (
	"id" text PRIMARY KEY NOT NULL,
	"push_id" text NOT NULL,
	"pushed_at" timestamp(3) with time zone NOT NULL,
	"actor" text NOT NULL,
	"source" text NOT NULL,
	"target" text NOT NULL,
	"protocol" text NOT NULL,
	"version" text NOT NULL,
	"role" text NOT NULL,
	"file" text NOT NULL,
	"sha256" text NOT NULL,
	"remote_id" text NOT NULL,
	"remote_token" text,
	"action" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "enforcement_pushes_latest_idx" ON "enforcement_pushes" USING btree ("source","protocol","role","pushed_at");--> statement-breakpoint
-- Not generated: a push is history, append-only like the facts (docs/adr/0023-history-append-only-in-the-database.md).
CREATE TRIGGER "enforcement_pushes_append_only" BEFORE UPDATE OR DELETE ON "enforcement_pushes" FOR EACH ROW EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "enforcement_pushes_no_truncate" BEFORE TRUNCATE ON "enforcement_pushes" FOR EACH STATEMENT EXECUTE FUNCTION "history_refuse_edit"();
