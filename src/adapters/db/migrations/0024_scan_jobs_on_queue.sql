DROP INDEX "scan_jobs_claim_idx";--> statement-breakpoint
CREATE INDEX "scan_jobs_state_idx" ON "scan_jobs" USING btree ("state");--> statement-breakpoint
ALTER TABLE "scan_jobs" DROP COLUMN "lease_until";