CREATE TABLE "protocol_decisions" (
	"name" text NOT NULL,
	"version" text NOT NULL,
	"approved" boolean NOT NULL,
	"decided_by" text NOT NULL,
	"person_id" text,
	"reason" text,
	"effective_at" timestamp(3) with time zone NOT NULL,
	"recorded_at" timestamp(3) with time zone NOT NULL,
	CONSTRAINT "protocol_decisions_pkey" PRIMARY KEY("name","version")
);
--> statement-breakpoint
ALTER TABLE "protocol_versions" ADD COLUMN "approval" text DEFAULT 'none' NOT NULL;--> statement-breakpoint
ALTER TABLE "protocol_decisions" ADD CONSTRAINT "protocol_decisions_version_fk" FOREIGN KEY ("name","version") REFERENCES "public"."protocol_versions"("name","version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "protocol_versions" ADD CONSTRAINT "protocol_versions_approval_check" CHECK ("approval" in ('none', 'two-person'));--> statement-breakpoint
-- Then, not generated: decisions are history, append-only like the versions they decide on
-- (docs/adr/0023), and an approval back-dated into stored "as true then" days deletes them
-- (docs/adr/0020): the version governs from the later of both instants, so from the approval's
-- at the earliest.
CREATE TRIGGER "protocol_decisions_append_only" BEFORE UPDATE OR DELETE ON "protocol_decisions" FOR EACH ROW EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "protocol_decisions_no_truncate" BEFORE TRUNCATE ON "protocol_decisions" FOR EACH STATEMENT EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "protocol_decisions_history_insert" AFTER INSERT ON "protocol_decisions" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_history_invalidate"('x.effective_at', 'now', 'new');
