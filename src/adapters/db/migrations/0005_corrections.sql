CREATE TABLE "lifecycle_corrections" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"fact_id" text NOT NULL,
	"fact_key" text NOT NULL,
	"device_id" text,
	"effective_at" timestamp(3) with time zone NOT NULL,
	"values" jsonb,
	"reason" text NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp(3) with time zone NOT NULL,
	CONSTRAINT "lifecycle_corrections_kind_check" CHECK ("kind" in ('inspection', 'posture', 'status', 'custody', 'refusal'))
);
--> statement-breakpoint
CREATE INDEX "lifecycle_corrections_fact_idx" ON "lifecycle_corrections" USING btree ("kind","fact_id");--> statement-breakpoint
CREATE INDEX "lifecycle_corrections_recorded_at_idx" ON "lifecycle_corrections" USING btree ("recorded_at");