-- Not generated: triggers that refuse edits of history in the database itself, so that neither a
-- bug nor an injected statement can rewrite a recorded fact or the audit log through the
-- application's connection (docs/adr/0023-history-append-only-in-the-database.md). Each
-- refusal raises SQLSTATE VGH01, which the repositories translate to HISTORY_IMMUTABLE.
-- TG_ARGV: the columns an UPDATE may change; none means the row may never change. DELETE and
-- TRUNCATE are always refused where the trigger is attached.
CREATE FUNCTION "history_refuse_edit"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND TG_NARGS > 0
     AND (to_jsonb(NEW) - TG_ARGV) IS NOT DISTINCT FROM (to_jsonb(OLD) - TG_ARGV) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION USING
    ERRCODE = 'VGH01',
    MESSAGE = format('%s on %s refused: recorded history is append-only', TG_OP, TG_TABLE_NAME),
    HINT = 'Record a correction (a superseding fact) instead of editing one.';
END
$$;--> statement-breakpoint
CREATE TRIGGER "audit_events_append_only" BEFORE UPDATE OR DELETE ON "audit_events" FOR EACH ROW EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "audit_events_no_truncate" BEFORE TRUNCATE ON "audit_events" FOR EACH STATEMENT EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "audit_leaves_append_only" BEFORE UPDATE OR DELETE ON "audit_leaves" FOR EACH ROW EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "audit_leaves_no_truncate" BEFORE TRUNCATE ON "audit_leaves" FOR EACH STATEMENT EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "audit_nodes_append_only" BEFORE UPDATE OR DELETE ON "audit_nodes" FOR EACH ROW EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "audit_nodes_no_truncate" BEFORE TRUNCATE ON "audit_nodes" FOR EACH STATEMENT EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "audit_checkpoints_append_only" BEFORE UPDATE OR DELETE ON "audit_checkpoints" FOR EACH ROW EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "audit_checkpoints_no_truncate" BEFORE TRUNCATE ON "audit_checkpoints" FOR EACH STATEMENT EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "audit_cosignatures_append_only" BEFORE UPDATE OR DELETE ON "audit_cosignatures" FOR EACH ROW EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "audit_cosignatures_no_truncate" BEFORE TRUNCATE ON "audit_cosignatures" FOR EACH STATEMENT EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "inventory_devices_append_only" BEFORE UPDATE OR DELETE ON "inventory_devices" FOR EACH ROW EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "inventory_devices_no_truncate" BEFORE TRUNCATE ON "inventory_devices" FOR EACH STATEMENT EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "inventory_device_statuses_append_only" BEFORE UPDATE OR DELETE ON "inventory_device_statuses" FOR EACH ROW EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "inventory_device_statuses_no_truncate" BEFORE TRUNCATE ON "inventory_device_statuses" FOR EACH STATEMENT EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "inventory_custody_append_only" BEFORE UPDATE OR DELETE ON "inventory_custody" FOR EACH ROW EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "inventory_custody_no_truncate" BEFORE TRUNCATE ON "inventory_custody" FOR EACH STATEMENT EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "posture_reports_append_only" BEFORE UPDATE OR DELETE ON "posture_reports" FOR EACH ROW EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "posture_reports_no_truncate" BEFORE TRUNCATE ON "posture_reports" FOR EACH STATEMENT EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "lifecycle_inspections_append_only" BEFORE UPDATE OR DELETE ON "lifecycle_inspections" FOR EACH ROW EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "lifecycle_inspections_no_truncate" BEFORE TRUNCATE ON "lifecycle_inspections" FOR EACH STATEMENT EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "lifecycle_rotations_append_only" BEFORE UPDATE OR DELETE ON "lifecycle_rotations" FOR EACH ROW EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "lifecycle_rotations_no_truncate" BEFORE TRUNCATE ON "lifecycle_rotations" FOR EACH STATEMENT EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "lifecycle_refusals_append_only" BEFORE UPDATE OR DELETE ON "lifecycle_refusals" FOR EACH ROW EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "lifecycle_refusals_no_truncate" BEFORE TRUNCATE ON "lifecycle_refusals" FOR EACH STATEMENT EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "lifecycle_corrections_append_only" BEFORE UPDATE OR DELETE ON "lifecycle_corrections" FOR EACH ROW EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "lifecycle_corrections_no_truncate" BEFORE TRUNCATE ON "lifecycle_corrections" FOR EACH STATEMENT EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "protocol_versions_append_only" BEFORE UPDATE OR DELETE ON "protocol_versions" FOR EACH ROW EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "protocol_versions_no_truncate" BEFORE TRUNCATE ON "protocol_versions" FOR EACH STATEMENT EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "protocol_assignments_append_only" BEFORE UPDATE OR DELETE ON "protocol_assignments" FOR EACH ROW EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "protocol_assignments_no_truncate" BEFORE TRUNCATE ON "protocol_assignments" FOR EACH STATEMENT EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "zone_detections_append_only" BEFORE UPDATE OR DELETE ON "zone_detections" FOR EACH ROW EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "zone_detections_no_truncate" BEFORE TRUNCATE ON "zone_detections" FOR EACH STATEMENT EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "zone_acknowledgements_append_only" BEFORE UPDATE OR DELETE ON "zone_acknowledgements" FOR EACH ROW EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "zone_acknowledgements_no_truncate" BEFORE TRUNCATE ON "zone_acknowledgements" FOR EACH STATEMENT EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "lifecycle_swap_events_append_only" BEFORE UPDATE OR DELETE ON "lifecycle_swap_events" FOR EACH ROW EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "lifecycle_swap_events_no_truncate" BEFORE TRUNCATE ON "lifecycle_swap_events" FOR EACH STATEMENT EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "lifecycle_waiver_events_append_only" BEFORE UPDATE OR DELETE ON "lifecycle_waiver_events" FOR EACH ROW EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "lifecycle_waiver_events_no_truncate" BEFORE TRUNCATE ON "lifecycle_waiver_events" FOR EACH STATEMENT EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "lifecycle_incident_timeline_append_only" BEFORE UPDATE OR DELETE ON "lifecycle_incident_timeline" FOR EACH ROW EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "lifecycle_incident_timeline_no_truncate" BEFORE TRUNCATE ON "lifecycle_incident_timeline" FOR EACH STATEMENT EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
-- A person's assigned protocol is the one column the application updates.
CREATE TRIGGER "inventory_people_append_only" BEFORE UPDATE OR DELETE ON "inventory_people" FOR EACH ROW EXECUTE FUNCTION "history_refuse_edit"('protocol');--> statement-breakpoint
CREATE TRIGGER "inventory_people_no_truncate" BEFORE TRUNCATE ON "inventory_people" FOR EACH STATEMENT EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
-- Current-state rows of the state machines move (their transition logs above do not), but are
-- never deleted.
CREATE TRIGGER "lifecycle_swaps_no_delete" BEFORE DELETE ON "lifecycle_swaps" FOR EACH ROW EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "lifecycle_swaps_no_truncate" BEFORE TRUNCATE ON "lifecycle_swaps" FOR EACH STATEMENT EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "lifecycle_waivers_no_delete" BEFORE DELETE ON "lifecycle_waivers" FOR EACH ROW EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "lifecycle_waivers_no_truncate" BEFORE TRUNCATE ON "lifecycle_waivers" FOR EACH STATEMENT EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "lifecycle_incidents_no_delete" BEFORE DELETE ON "lifecycle_incidents" FOR EACH ROW EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "lifecycle_incidents_no_truncate" BEFORE TRUNCATE ON "lifecycle_incidents" FOR EACH STATEMENT EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "lifecycle_incident_steps_no_delete" BEFORE DELETE ON "lifecycle_incident_steps" FOR EACH ROW EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "lifecycle_incident_steps_no_truncate" BEFORE TRUNCATE ON "lifecycle_incident_steps" FOR EACH STATEMENT EXECUTE FUNCTION "history_refuse_edit"();
