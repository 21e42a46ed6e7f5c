CREATE TABLE "audit_events" (
	"seq" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_events_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp(3) with time zone NOT NULL,
	"actor" text NOT NULL,
	"type" text NOT NULL,
	"subject" text NOT NULL,
	"payload" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "auth_tokens" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"person_id" text,
	"secret_hash" text NOT NULL,
	"created_at" timestamp(3) with time zone NOT NULL,
	"created_by" text NOT NULL,
	"revoked_at" timestamp(3) with time zone,
	CONSTRAINT "auth_tokens_role_check" CHECK ("role" in ('admin', 'officer', 'technician', 'auditor', 'staff', 'ingest'))
);
--> statement-breakpoint
CREATE TABLE "inventory_custody" (
	"seq" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "inventory_custody_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"device_id" text NOT NULL,
	"holder_id" text,
	"location" text,
	"at" timestamp(3) with time zone NOT NULL,
	"recorded_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inventory_device_statuses" (
	"seq" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "inventory_device_statuses_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"device_id" text NOT NULL,
	"status" text NOT NULL,
	"at" timestamp(3) with time zone NOT NULL,
	"reason" text,
	CONSTRAINT "inventory_device_statuses_status_check" CHECK ("status" in ('staged', 'active', 'quarantined', 'retired', 'wiped'))
);
--> statement-breakpoint
CREATE TABLE "inventory_devices" (
	"id" text PRIMARY KEY NOT NULL,
	"serial" text NOT NULL,
	"imei" text,
	"platform" text NOT NULL,
	"model" text NOT NULL,
	"ownership" text NOT NULL,
	"role" text NOT NULL,
	"issued_at" timestamp(3) with time zone,
	"created_at" timestamp(3) with time zone NOT NULL,
	CONSTRAINT "inventory_devices_platform_check" CHECK ("platform" in ('ios', 'android')),
	CONSTRAINT "inventory_devices_ownership_check" CHECK ("ownership" in ('issued', 'personal')),
	CONSTRAINT "inventory_devices_role_check" CHECK ("role" in ('calls', 'social', 'news', 'general'))
);
--> statement-breakpoint
CREATE TABLE "lifecycle_inspections" (
	"id" text PRIMARY KEY NOT NULL,
	"device_id" text NOT NULL,
	"at" timestamp(3) with time zone NOT NULL,
	"method" text NOT NULL,
	"result" text NOT NULL,
	"performed_by" text NOT NULL,
	"notes" text,
	CONSTRAINT "lifecycle_inspections_method_check" CHECK ("method" in ('forensic-scan', 'mdm-review', 'physical-inspection')),
	CONSTRAINT "lifecycle_inspections_result_check" CHECK ("result" in ('clean', 'suspicious', 'compromised'))
);
--> statement-breakpoint
CREATE TABLE "intel_os_releases" (
	"platform" text NOT NULL,
	"version" text NOT NULL,
	"build" text,
	"released_at" timestamp(3) with time zone NOT NULL,
	CONSTRAINT "intel_os_releases_pkey" PRIMARY KEY("platform","version"),
	CONSTRAINT "intel_os_releases_platform_check" CHECK ("platform" in ('ios', 'android'))
);
--> statement-breakpoint
CREATE TABLE "inventory_people" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"protocol" text,
	"principal_id" text,
	"email" text,
	"created_at" timestamp(3) with time zone NOT NULL,
	CONSTRAINT "inventory_people_kind_check" CHECK ("kind" in ('principal', 'staff'))
);
--> statement-breakpoint
CREATE TABLE "posture_reports" (
	"id" text PRIMARY KEY NOT NULL,
	"device_id" text NOT NULL,
	"observed_at" timestamp(3) with time zone NOT NULL,
	"received_at" timestamp(3) with time zone NOT NULL,
	"source" text NOT NULL,
	"os_version" text,
	"os_build" text,
	"patch_level" text,
	"sensors" jsonb NOT NULL,
	"apps" jsonb,
	"lockdown_mode" boolean,
	"supervised" boolean
);
--> statement-breakpoint
CREATE TABLE "protocol_assignments" (
	"seq" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "protocol_assignments_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"person_id" text NOT NULL,
	"protocol" text,
	"at" timestamp(3) with time zone NOT NULL,
	"assigned_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "protocol_versions" (
	"name" text NOT NULL,
	"version" text NOT NULL,
	"text" text NOT NULL,
	"sha256" text NOT NULL,
	"effective_at" timestamp(3) with time zone NOT NULL,
	"recorded_at" timestamp(3) with time zone NOT NULL,
	"recorded_by" text NOT NULL,
	CONSTRAINT "protocol_versions_pkey" PRIMARY KEY("name","version")
);
--> statement-breakpoint
CREATE TABLE "lifecycle_rotations" (
	"id" text PRIMARY KEY NOT NULL,
	"old_device_id" text NOT NULL,
	"new_device_id" text,
	"at" timestamp(3) with time zone NOT NULL,
	"performed_by" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "auth_tokens" ADD CONSTRAINT "auth_tokens_person_id_inventory_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."inventory_people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_custody" ADD CONSTRAINT "inventory_custody_device_id_inventory_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."inventory_devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_custody" ADD CONSTRAINT "inventory_custody_holder_id_inventory_people_id_fk" FOREIGN KEY ("holder_id") REFERENCES "public"."inventory_people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_device_statuses" ADD CONSTRAINT "inventory_device_statuses_device_id_inventory_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."inventory_devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lifecycle_inspections" ADD CONSTRAINT "lifecycle_inspections_device_id_inventory_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."inventory_devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_people" ADD CONSTRAINT "inventory_people_principal_id_inventory_people_id_fk" FOREIGN KEY ("principal_id") REFERENCES "public"."inventory_people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "posture_reports" ADD CONSTRAINT "posture_reports_device_id_inventory_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."inventory_devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "protocol_assignments" ADD CONSTRAINT "protocol_assignments_person_id_inventory_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."inventory_people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lifecycle_rotations" ADD CONSTRAINT "lifecycle_rotations_old_device_id_inventory_devices_id_fk" FOREIGN KEY ("old_device_id") REFERENCES "public"."inventory_devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lifecycle_rotations" ADD CONSTRAINT "lifecycle_rotations_new_device_id_inventory_devices_id_fk" FOREIGN KEY ("new_device_id") REFERENCES "public"."inventory_devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_events_type_seq_idx" ON "audit_events" USING btree ("type","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "auth_tokens_secret_hash_key" ON "auth_tokens" USING btree ("secret_hash");--> statement-breakpoint
CREATE INDEX "inventory_custody_device_at_idx" ON "inventory_custody" USING btree ("device_id","at","seq");--> statement-breakpoint
CREATE INDEX "inventory_custody_holder_idx" ON "inventory_custody" USING btree ("holder_id");--> statement-breakpoint
CREATE INDEX "inventory_device_statuses_device_at_idx" ON "inventory_device_statuses" USING btree ("device_id","at","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "inventory_devices_serial_key" ON "inventory_devices" USING btree ("serial");--> statement-breakpoint
CREATE INDEX "lifecycle_inspections_device_at_idx" ON "lifecycle_inspections" USING btree ("device_id","at");--> statement-breakpoint
CREATE INDEX "posture_reports_device_observed_idx" ON "posture_reports" USING btree ("device_id","observed_at");--> statement-breakpoint
CREATE INDEX "protocol_assignments_person_at_idx" ON "protocol_assignments" USING btree ("person_id","at");--> statement-breakpoint
CREATE INDEX "protocol_assignments_at_idx" ON "protocol_assignments" USING btree ("at");--> statement-breakpoint
CREATE INDEX "protocol_versions_effective_idx" ON "protocol_versions" USING btree ("effective_at");--> statement-breakpoint
CREATE INDEX "lifecycle_rotations_old_device_idx" ON "lifecycle_rotations" USING btree ("old_device_id","at");--> statement-breakpoint
CREATE INDEX "lifecycle_rotations_new_device_idx" ON "lifecycle_rotations" USING btree ("new_device_id","at");