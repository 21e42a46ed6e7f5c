-- Hand-edited (README of this folder): the existing primary key (day) is dropped before the
-- new one (day, basis); the new columns are added nullable, filled for the rows already stored
-- (they are "as true then" days, known when computed), then set NOT NULL.
-- Then, not generated: the triggers that delete the stored "as true then" days a write of a
-- fact back-dates into (docs/adr/0020-history-days-as-true-and-as-known.md).
ALTER TABLE "dashboard_history_days" DROP CONSTRAINT "dashboard_history_days_pkey";--> statement-breakpoint
ALTER TABLE "dashboard_history_days" ADD COLUMN "basis" text;--> statement-breakpoint
ALTER TABLE "dashboard_history_days" ADD COLUMN "known_at" timestamp(3) with time zone;--> statement-breakpoint
UPDATE "dashboard_history_days" SET "basis" = 'now', "known_at" = "computed_at";--> statement-breakpoint
ALTER TABLE "dashboard_history_days" ALTER COLUMN "basis" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "dashboard_history_days" ALTER COLUMN "known_at" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "dashboard_history_days" ADD CONSTRAINT "dashboard_history_days_pkey" PRIMARY KEY("day","basis");--> statement-breakpoint
ALTER TABLE "dashboard_history_days" ADD CONSTRAINT "dashboard_history_days_basis_check" CHECK ("basis" in ('now', 'then'));--> statement-breakpoint
-- One function for every table. TG_ARGV[0]: an SQL expression over a changed row `x`, the
-- earliest instant the row changes what the evaluator reads (its effective instant);
-- TG_ARGV[1]: the days it deletes, 'now' (as true then) or 'all' (an update in place rewrites
-- what was known then too); TG_ARGV[2]: 'both' to read the rows before an update as well as
-- after it (an instant that moves changes the days from the earlier of the two on).
-- Statement-level with transition tables: a bulk import costs one min() per statement.
CREATE FUNCTION "dashboard_history_invalidate"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  since timestamp(3) with time zone;
  before timestamp(3) with time zone;
BEGIN
  EXECUTE format('SELECT min(%s) FROM new_rows AS x', TG_ARGV[0]) INTO since;
  IF TG_OP = 'UPDATE' AND TG_ARGV[2] = 'both' THEN
    EXECUTE format('SELECT min(%s) FROM old_rows AS x', TG_ARGV[0]) INTO before;
    since := least(since, before);
  END IF;
  IF since IS NOT NULL THEN
    IF TG_ARGV[1] = 'all' THEN
      DELETE FROM "dashboard_history_days" WHERE "at" >= since;
    ELSE
      DELETE FROM "dashboard_history_days" WHERE "basis" = 'now' AND "at" >= since;
    END IF;
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "inventory_people_history_insert" AFTER INSERT ON "inventory_people" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_history_invalidate"('x.since', 'now', 'new');--> statement-breakpoint
CREATE TRIGGER "inventory_devices_history_insert" AFTER INSERT ON "inventory_devices" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_history_invalidate"('x.issued_at', 'now', 'new');--> statement-breakpoint
CREATE TRIGGER "inventory_device_statuses_history_insert" AFTER INSERT ON "inventory_device_statuses" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_history_invalidate"('x.at', 'now', 'new');--> statement-breakpoint
CREATE TRIGGER "inventory_custody_history_insert" AFTER INSERT ON "inventory_custody" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_history_invalidate"('x.at', 'now', 'new');--> statement-breakpoint
CREATE TRIGGER "posture_reports_history_insert" AFTER INSERT ON "posture_reports" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_history_invalidate"('x.observed_at', 'now', 'new');--> statement-breakpoint
CREATE TRIGGER "lifecycle_inspections_history_insert" AFTER INSERT ON "lifecycle_inspections" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_history_invalidate"('x.at', 'now', 'new');--> statement-breakpoint
CREATE TRIGGER "lifecycle_rotations_history_insert" AFTER INSERT ON "lifecycle_rotations" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_history_invalidate"('x.at', 'now', 'new');--> statement-breakpoint
CREATE TRIGGER "protocol_versions_history_insert" AFTER INSERT ON "protocol_versions" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_history_invalidate"('x.effective_at', 'now', 'new');--> statement-breakpoint
CREATE TRIGGER "protocol_assignments_history_insert" AFTER INSERT ON "protocol_assignments" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_history_invalidate"('x.at', 'now', 'new');--> statement-breakpoint
CREATE TRIGGER "intel_os_releases_history_insert" AFTER INSERT ON "intel_os_releases" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_history_invalidate"('x.released_at', 'now', 'new');--> statement-breakpoint
CREATE TRIGGER "intel_os_releases_history_update" AFTER UPDATE ON "intel_os_releases" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_history_invalidate"('x.released_at', 'all', 'both');--> statement-breakpoint
CREATE TRIGGER "intel_cve_fixes_history_insert" AFTER INSERT ON "intel_cve_fixes" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_history_invalidate"('(SELECT r.released_at FROM intel_os_releases r WHERE r.platform = x.platform AND r.version = x.version)', 'now', 'new');--> statement-breakpoint
CREATE TRIGGER "intel_cve_fixes_history_update" AFTER UPDATE ON "intel_cve_fixes" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_history_invalidate"('(SELECT r.released_at FROM intel_os_releases r WHERE r.platform = x.platform AND r.version = x.version)', 'all', 'both');--> statement-breakpoint
CREATE TRIGGER "intel_kev_history_insert" AFTER INSERT ON "intel_kev" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_history_invalidate"('x.date_added', 'now', 'new');--> statement-breakpoint
CREATE TRIGGER "intel_kev_history_update" AFTER UPDATE ON "intel_kev" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_history_invalidate"('x.date_added', 'all', 'both');--> statement-breakpoint
CREATE TRIGGER "lifecycle_refusals_history_insert" AFTER INSERT ON "lifecycle_refusals" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_history_invalidate"('x.at', 'now', 'new');--> statement-breakpoint
CREATE TRIGGER "lifecycle_waivers_history_insert" AFTER INSERT ON "lifecycle_waivers" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_history_invalidate"('x.requested_at', 'now', 'new');--> statement-breakpoint
CREATE TRIGGER "lifecycle_waivers_history_update" AFTER UPDATE ON "lifecycle_waivers" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_history_invalidate"('greatest(x.approved_at, x.ended_at)', 'now', 'new');--> statement-breakpoint
CREATE TRIGGER "lifecycle_waiver_events_history_insert" AFTER INSERT ON "lifecycle_waiver_events" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_history_invalidate"('x.at', 'now', 'new');--> statement-breakpoint
CREATE TRIGGER "lifecycle_incidents_history_insert" AFTER INSERT ON "lifecycle_incidents" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_history_invalidate"('x.opened_at', 'now', 'new');--> statement-breakpoint
CREATE TRIGGER "lifecycle_incidents_history_update" AFTER UPDATE ON "lifecycle_incidents" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_history_invalidate"('x.closed_at', 'now', 'new');--> statement-breakpoint
CREATE TRIGGER "lifecycle_incident_timeline_history_insert" AFTER INSERT ON "lifecycle_incident_timeline" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_history_invalidate"('x.at', 'now', 'new');--> statement-breakpoint
CREATE TRIGGER "zone_detections_history_insert" AFTER INSERT ON "zone_detections" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_history_invalidate"('x.at', 'now', 'new');--> statement-breakpoint
CREATE TRIGGER "zone_acknowledgements_history_insert" AFTER INSERT ON "zone_acknowledgements" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_history_invalidate"('x.at', 'now', 'new');--> statement-breakpoint
CREATE TRIGGER "lifecycle_corrections_history_insert" AFTER INSERT ON "lifecycle_corrections" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_history_invalidate"('least(x.effective_at, CASE WHEN jsonb_typeof(x.values->''at'') = ''number'' THEN to_timestamp((x.values->>''at'')::float8 / 1000) END)', 'now', 'new');
