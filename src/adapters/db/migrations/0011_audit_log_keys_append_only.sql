-- Not generated: the key history is part of the audit log, append-only like its other tables
-- (docs/adr/0023-history-append-only-in-the-database.md, docs/adr/0024-log-key-rotation.md).
CREATE TRIGGER "audit_log_keys_append_only" BEFORE UPDATE OR DELETE ON "audit_log_keys" FOR EACH ROW EXECUTE FUNCTION "history_refuse_edit"();--> statement-breakpoint
CREATE TRIGGER "audit_log_keys_no_truncate" BEFORE TRUNCATE ON "audit_log_keys" FOR EACH STATEMENT EXECUTE FUNCTION "history_refuse_edit"();
