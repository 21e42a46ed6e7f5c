CREATE TABLE "audit_checkpoints" (
	"size" bigint PRIMARY KEY NOT NULL,
	"root" "bytea" NOT NULL,
	"note" text NOT NULL,
	"at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_cosignatures" (
	"size" bigint NOT NULL,
	"witness" text NOT NULL,
	"line" text NOT NULL,
	"at" bigint NOT NULL,
	CONSTRAINT "audit_cosignatures_pkey" PRIMARY KEY("size","witness")
);
--> statement-breakpoint
CREATE TABLE "audit_leaves" (
	"idx" bigint PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	CONSTRAINT "audit_leaves_seq_key" UNIQUE("seq")
);
--> statement-breakpoint
CREATE TABLE "audit_nodes" (
	"level" integer NOT NULL,
	"idx" bigint NOT NULL,
	"hash" "bytea" NOT NULL,
	CONSTRAINT "audit_nodes_pkey" PRIMARY KEY("level","idx")
);
--> statement-breakpoint
CREATE TABLE "audit_pending" (
	"seq" bigint PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE "zone_acknowledgements" (
	"seq" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "zone_acknowledgements_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"person_id" text NOT NULL,
	"facility" text NOT NULL,
	"policy_version" text NOT NULL,
	"at" timestamp(3) with time zone NOT NULL,
	"recorded_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "zone_detections" (
	"id" text PRIMARY KEY NOT NULL,
	"facility" text NOT NULL,
	"at" timestamp(3) with time zone NOT NULL,
	"identifier" text NOT NULL,
	"device_id" text,
	"person_id" text,
	"source" text NOT NULL,
	"received_at" timestamp(3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lifecycle_incident_steps" (
	"incident_id" text NOT NULL,
	"position" integer NOT NULL,
	"step_id" text NOT NULL,
	"title" text NOT NULL,
	"owner" jsonb NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"at" timestamp(3) with time zone,
	"by" text,
	CONSTRAINT "lifecycle_incident_steps_pkey" PRIMARY KEY("incident_id","step_id"),
	CONSTRAINT "lifecycle_incident_steps_status_check" CHECK ("lifecycle_incident_steps"."status" in ('pending', 'in-progress', 'done', 'skipped'))
);
--> statement-breakpoint
CREATE TABLE "lifecycle_incident_timeline" (
	"seq" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "lifecycle_incident_timeline_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"incident_id" text NOT NULL,
	"at" timestamp(3) with time zone NOT NULL,
	"actor" text NOT NULL,
	"kind" text NOT NULL,
	"step_id" text,
	"from_state" text,
	"to_state" text NOT NULL,
	"text" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lifecycle_incidents" (
	"id" text PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"compromise" text NOT NULL,
	"severity" text NOT NULL,
	"summary" text NOT NULL,
	"devices" jsonb NOT NULL,
	"person_ids" jsonb NOT NULL,
	"inspection_id" text,
	"declared_by" text NOT NULL,
	"opened_at" timestamp(3) with time zone NOT NULL,
	"resolution" text,
	"closed_at" timestamp(3) with time zone,
	"closed_by" text,
	"closing_note" text,
	CONSTRAINT "lifecycle_incidents_status_check" CHECK ("lifecycle_incidents"."status" in ('open', 'containing', 'contained', 'closed'))
);
--> statement-breakpoint
CREATE TABLE "connector_device_links" (
	"source" text NOT NULL,
	"external_id" text NOT NULL,
	"device_id" text NOT NULL,
	"linked_at" timestamp(3) with time zone NOT NULL,
	CONSTRAINT "connector_device_links_pkey" PRIMARY KEY("source","external_id")
);
--> statement-breakpoint
CREATE TABLE "intel_cve_fixes" (
	"platform" text NOT NULL,
	"version" text NOT NULL,
	"cve_id" text NOT NULL,
	"exploited" boolean NOT NULL,
	CONSTRAINT "intel_cve_fixes_pkey" PRIMARY KEY("platform","version","cve_id"),
	CONSTRAINT "intel_cve_fixes_platform_check" CHECK ("intel_cve_fixes"."platform" in ('ios', 'android'))
);
--> statement-breakpoint
CREATE TABLE "intel_kev" (
	"cve_id" text PRIMARY KEY NOT NULL,
	"vendor_project" text NOT NULL,
	"product" text NOT NULL,
	"name" text,
	"date_added" timestamp(3) with time zone NOT NULL,
	"due_date" timestamp(3) with time zone NOT NULL,
	"ransomware" boolean
);
--> statement-breakpoint
CREATE TABLE "compliance_finding_states" (
	"key" text PRIMARY KEY NOT NULL,
	"device_id" text,
	"person_id" text,
	"rule" text NOT NULL,
	"status" text NOT NULL,
	"waiver_id" text,
	"since" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "compliance_finding_states_status_check" CHECK ("compliance_finding_states"."status" in ('open', 'waived', 'resolved'))
);
--> statement-breakpoint
CREATE TABLE "notify_outbox" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "notify_outbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"key" text NOT NULL,
	"kind" text NOT NULL,
	"audience" jsonb NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"data" jsonb NOT NULL,
	"not_before" bigint NOT NULL,
	"created_at" bigint NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" bigint NOT NULL,
	"last_error" text,
	"sent_at" bigint,
	"outcome" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "notify_outbox_key_unique" UNIQUE("key"),
	CONSTRAINT "notify_outbox_state_check" CHECK ("notify_outbox"."state" in ('pending', 'sent', 'failed', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "notify_recipients" (
	"role" text NOT NULL,
	"email" text NOT NULL,
	"created_at" bigint NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "notify_recipients_role_email_pk" PRIMARY KEY("role","email")
);
--> statement-breakpoint
CREATE TABLE "lifecycle_refusals" (
	"id" text PRIMARY KEY NOT NULL,
	"person_id" text NOT NULL,
	"device_id" text,
	"action" text NOT NULL,
	"rule" text NOT NULL,
	"at" timestamp(3) with time zone NOT NULL,
	"reason" text NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp(3) with time zone NOT NULL,
	"swap_id" text
);
--> statement-breakpoint
CREATE TABLE "lifecycle_swap_events" (
	"seq" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "lifecycle_swap_events_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"swap_id" text NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"command" text NOT NULL,
	"at" timestamp(3) with time zone NOT NULL,
	"actor" text NOT NULL,
	"details" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lifecycle_swaps" (
	"id" text PRIMARY KEY NOT NULL,
	"old_device_id" text NOT NULL,
	"person_id" text NOT NULL,
	"state" text NOT NULL,
	"due_at" timestamp(3) with time zone,
	"stage_by" timestamp(3) with time zone,
	"new_device_id" text,
	"custody_old" jsonb NOT NULL,
	"custody_new" jsonb,
	"rotation_id" text,
	"inspection_id" text,
	"refusal_id" text,
	"reason" text,
	"planned_at" timestamp(3) with time zone NOT NULL,
	"planned_by" text NOT NULL,
	"updated_at" timestamp(3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lifecycle_waiver_events" (
	"seq" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "lifecycle_waiver_events_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"waiver_id" text NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"command" text NOT NULL,
	"at" timestamp(3) with time zone NOT NULL,
	"actor" text NOT NULL,
	"details" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lifecycle_waivers" (
	"id" text PRIMARY KEY NOT NULL,
	"rule" text NOT NULL,
	"device_id" text,
	"person_id" text,
	"reason" text NOT NULL,
	"risk" text NOT NULL,
	"requested_by" text NOT NULL,
	"requested_at" timestamp(3) with time zone NOT NULL,
	"approved_by" text,
	"approved_at" timestamp(3) with time zone,
	"starts_at" timestamp(3) with time zone NOT NULL,
	"expires_at" timestamp(3) with time zone NOT NULL,
	"ended_at" timestamp(3) with time zone,
	"ended_by" text,
	"end_reason" text,
	"state" text NOT NULL,
	CONSTRAINT "lifecycle_waivers_scope_check" CHECK (("lifecycle_waivers"."device_id" is null) <> ("lifecycle_waivers"."person_id" is null)),
	CONSTRAINT "lifecycle_waivers_window_check" CHECK ("lifecycle_waivers"."starts_at" < "lifecycle_waivers"."expires_at")
);
--> statement-breakpoint
ALTER TABLE "lifecycle_inspections" ADD COLUMN "evidence" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "lifecycle_incident_steps" ADD CONSTRAINT "lifecycle_incident_steps_incident_id_lifecycle_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."lifecycle_incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lifecycle_incident_timeline" ADD CONSTRAINT "lifecycle_incident_timeline_incident_id_lifecycle_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."lifecycle_incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lifecycle_swap_events" ADD CONSTRAINT "lifecycle_swap_events_swap_id_lifecycle_swaps_id_fk" FOREIGN KEY ("swap_id") REFERENCES "public"."lifecycle_swaps"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lifecycle_waiver_events" ADD CONSTRAINT "lifecycle_waiver_events_waiver_id_lifecycle_waivers_id_fk" FOREIGN KEY ("waiver_id") REFERENCES "public"."lifecycle_waivers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "zone_acknowledgements_person_policy_key" ON "zone_acknowledgements" USING btree ("person_id","facility","policy_version");--> statement-breakpoint
CREATE INDEX "zone_acknowledgements_at_idx" ON "zone_acknowledgements" USING btree ("at");--> statement-breakpoint
CREATE INDEX "zone_detections_at_idx" ON "zone_detections" USING btree ("at");--> statement-breakpoint
CREATE INDEX "zone_detections_facility_at_idx" ON "zone_detections" USING btree ("facility","at");--> statement-breakpoint
CREATE INDEX "lifecycle_incident_timeline_incident_idx" ON "lifecycle_incident_timeline" USING btree ("incident_id","seq");--> statement-breakpoint
CREATE INDEX "lifecycle_incidents_opened_idx" ON "lifecycle_incidents" USING btree ("opened_at");--> statement-breakpoint
CREATE INDEX "intel_cve_fixes_cve_idx" ON "intel_cve_fixes" USING btree ("cve_id");--> statement-breakpoint
CREATE INDEX "notify_outbox_due_idx" ON "notify_outbox" USING btree ("state","next_attempt_at");--> statement-breakpoint
CREATE INDEX "lifecycle_refusals_at_idx" ON "lifecycle_refusals" USING btree ("at");--> statement-breakpoint
CREATE INDEX "lifecycle_refusals_person_idx" ON "lifecycle_refusals" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "lifecycle_refusals_device_idx" ON "lifecycle_refusals" USING btree ("device_id");--> statement-breakpoint
CREATE INDEX "lifecycle_swap_events_swap_idx" ON "lifecycle_swap_events" USING btree ("swap_id","seq");--> statement-breakpoint
CREATE INDEX "lifecycle_swaps_old_device_idx" ON "lifecycle_swaps" USING btree ("old_device_id");--> statement-breakpoint
CREATE INDEX "lifecycle_swaps_new_device_idx" ON "lifecycle_swaps" USING btree ("new_device_id");--> statement-breakpoint
CREATE INDEX "lifecycle_swaps_state_idx" ON "lifecycle_swaps" USING btree ("state");--> statement-breakpoint
CREATE INDEX "lifecycle_waiver_events_waiver_idx" ON "lifecycle_waiver_events" USING btree ("waiver_id","seq");--> statement-breakpoint
CREATE INDEX "lifecycle_waivers_requested_idx" ON "lifecycle_waivers" USING btree ("requested_at");--> statement-breakpoint
CREATE INDEX "lifecycle_waivers_device_idx" ON "lifecycle_waivers" USING btree ("device_id");--> statement-breakpoint
CREATE INDEX "lifecycle_waivers_person_idx" ON "lifecycle_waivers" USING btree ("person_id");