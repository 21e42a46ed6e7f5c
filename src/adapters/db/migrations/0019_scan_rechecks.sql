CREATE TABLE "scan_rechecks" (
	"id" text PRIMARY KEY NOT NULL,
	"job_id" text NOT NULL,
	"device_id" text NOT NULL,
	"indicators_sha256" text NOT NULL,
	"indicator_files" jsonb NOT NULL,
	"new_alerts" jsonb NOT NULL,
	"incident_id" text,
	"recorded_at" timestamp(3) with time zone NOT NULL,
	"actor" text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "scan_rechecks_job_set_idx" ON "scan_rechecks" USING btree ("job_id","indicators_sha256");--> statement-breakpoint
CREATE TRIGGER "scan_rechecks_append_only" BEFORE UPDATE OR DELETE ON "scan_rechecks" FOR EACH ROW EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "scan_rechecks_no_truncate" BEFORE TRUNCATE ON "scan_rechecks" FOR EACH STATEMENT EXECUTE FUNCTION "history_refuse_edit"();
