-- Custom (not generated): every transaction that appends audit events announces, when it
-- commits, the range of seqs it appended, on the channel `vigil_facts` (payload "schema from to").
-- Serving processes listen, so each applies another process's changes without waiting for a
-- read, and sees a transaction that drew lower seqs but committed after a higher one (seq is
-- drawn at insert, not at commit: docs/adr/0037-fact-announcements.md). One notification per
-- statement; PostgreSQL delivers them after commit and drops them on rollback.
CREATE FUNCTION "vigil_announce_facts"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('vigil_facts', current_schema() || ' ' || min(seq)::text || ' ' || max(seq)::text)
    FROM new_events HAVING count(*) > 0;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "audit_events_announce" AFTER INSERT ON "audit_events" REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION "vigil_announce_facts"();
