CREATE INDEX "inventory_custody_at_idx" ON "inventory_custody" USING btree ("at");--> statement-breakpoint
CREATE INDEX "inventory_device_statuses_at_idx" ON "inventory_device_statuses" USING btree ("at");--> statement-breakpoint
CREATE INDEX "lifecycle_inspections_at_idx" ON "lifecycle_inspections" USING btree ("at");--> statement-breakpoint
CREATE INDEX "posture_reports_observed_idx" ON "posture_reports" USING btree ("observed_at");--> statement-breakpoint
CREATE INDEX "lifecycle_rotations_at_idx" ON "lifecycle_rotations" USING btree ("at");