-- Two times on every fact (ADR 0014): the instant Vigil recorded it. Rows from before this
-- migration did not tell the two apart, so each is taken as recorded when it took effect.
ALTER TABLE "inventory_custody" ADD COLUMN "recorded_at" timestamp(3) with time zone;--> statement-breakpoint
UPDATE "inventory_custody" SET "recorded_at" = "at";--> statement-breakpoint
ALTER TABLE "inventory_custody" ALTER COLUMN "recorded_at" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "inventory_device_statuses" ADD COLUMN "recorded_at" timestamp(3) with time zone;--> statement-breakpoint
UPDATE "inventory_device_statuses" SET "recorded_at" = "at";--> statement-breakpoint
ALTER TABLE "inventory_device_statuses" ALTER COLUMN "recorded_at" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "lifecycle_inspections" ADD COLUMN "recorded_at" timestamp(3) with time zone;--> statement-breakpoint
UPDATE "lifecycle_inspections" SET "recorded_at" = "at";--> statement-breakpoint
ALTER TABLE "lifecycle_inspections" ALTER COLUMN "recorded_at" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "intel_os_releases" ADD COLUMN "recorded_at" timestamp(3) with time zone;--> statement-breakpoint
UPDATE "intel_os_releases" SET "recorded_at" = "released_at";--> statement-breakpoint
ALTER TABLE "intel_os_releases" ALTER COLUMN "recorded_at" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "protocol_assignments" ADD COLUMN "recorded_at" timestamp(3) with time zone;--> statement-breakpoint
UPDATE "protocol_assignments" SET "recorded_at" = "at";--> statement-breakpoint
ALTER TABLE "protocol_assignments" ALTER COLUMN "recorded_at" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "lifecycle_rotations" ADD COLUMN "recorded_at" timestamp(3) with time zone;--> statement-breakpoint
UPDATE "lifecycle_rotations" SET "recorded_at" = "at";--> statement-breakpoint
ALTER TABLE "lifecycle_rotations" ALTER COLUMN "recorded_at" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "intel_cve_fixes" ADD COLUMN "recorded_at" timestamp(3) with time zone;--> statement-breakpoint
-- A fix is known from its release's date (the release row), else from the migration.
UPDATE "intel_cve_fixes" f SET "recorded_at" = coalesce(
  (SELECT r."released_at" FROM "intel_os_releases" r WHERE r."platform" = f."platform" AND r."version" = f."version"),
  now());--> statement-breakpoint
ALTER TABLE "intel_cve_fixes" ALTER COLUMN "recorded_at" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "intel_kev" ADD COLUMN "recorded_at" timestamp(3) with time zone;--> statement-breakpoint
UPDATE "intel_kev" SET "recorded_at" = "date_added";--> statement-breakpoint
ALTER TABLE "intel_kev" ALTER COLUMN "recorded_at" SET NOT NULL;
