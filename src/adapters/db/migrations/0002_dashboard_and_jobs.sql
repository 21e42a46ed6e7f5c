CREATE TABLE "dashboard_history_days" (
	"day" text PRIMARY KEY NOT NULL,
	"at" timestamp(3) with time zone NOT NULL,
	"counts" jsonb NOT NULL,
	"data_version" bigint NOT NULL,
	"computed_at" timestamp(3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "auth_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"secret_hash" text NOT NULL,
	"csrf_hash" text NOT NULL,
	"created_at" timestamp(3) with time zone NOT NULL,
	"last_seen_at" timestamp(3) with time zone NOT NULL,
	"expires_at" timestamp(3) with time zone NOT NULL,
	"revoked_at" timestamp(3) with time zone,
	"ip" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "auth_signin_failures" (
	"seq" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "auth_signin_failures_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"key" text NOT NULL,
	"at" timestamp(3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "auth_users" (
	"id" text PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"person_id" text,
	"password_hash" text NOT NULL,
	"created_at" timestamp(3) with time zone NOT NULL,
	"created_by" text NOT NULL,
	"password_changed_at" timestamp(3) with time zone NOT NULL,
	"disabled_at" timestamp(3) with time zone,
	CONSTRAINT "auth_users_role_check" CHECK ("role" in ('admin', 'officer', 'technician', 'auditor', 'staff')),
	CONSTRAINT "auth_users_staff_person_check" CHECK ("auth_users"."role" <> 'staff' or "auth_users"."person_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "scan_jobs" (
	"id" text PRIMARY KEY NOT NULL,
	"device_id" text NOT NULL,
	"path" text NOT NULL,
	"iocs" jsonb NOT NULL,
	"performed_by" text NOT NULL,
	"requested_by" text NOT NULL,
	"state" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"lease_until" bigint,
	"progress" jsonb,
	"summary" jsonb,
	"alerts_json" text,
	"info_json" text,
	"error_code" text,
	"error" text,
	"inspection_id" text,
	"incident_id" text,
	"created_at" bigint NOT NULL,
	"started_at" bigint,
	"finished_at" bigint,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "scan_jobs_state_check" CHECK ("scan_jobs"."state" in ('queued', 'running', 'done', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "auth_sessions" ADD CONSTRAINT "auth_sessions_user_id_auth_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."auth_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "auth_sessions_secret_hash_key" ON "auth_sessions" USING btree ("secret_hash");--> statement-breakpoint
CREATE INDEX "auth_sessions_user_idx" ON "auth_sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "auth_signin_failures_key_at_idx" ON "auth_signin_failures" USING btree ("key","at");--> statement-breakpoint
CREATE INDEX "auth_signin_failures_at_idx" ON "auth_signin_failures" USING btree ("at");--> statement-breakpoint
CREATE UNIQUE INDEX "auth_users_username_key" ON "auth_users" USING btree ("username");--> statement-breakpoint
CREATE INDEX "scan_jobs_claim_idx" ON "scan_jobs" USING btree ("state","lease_until");--> statement-breakpoint
CREATE INDEX "scan_jobs_created_idx" ON "scan_jobs" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "scan_jobs_device_idx" ON "scan_jobs" USING btree ("device_id");