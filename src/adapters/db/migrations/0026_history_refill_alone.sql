-- Custom (not generated): a write made as a statement of its own, outside any transaction block
-- (the unit of work's `runAlone`: the posture ingest batch, one round trip), has no later step
-- to send the fill jobs of the history days it deleted. Such a statement sets
-- `vigil.history_refill_alone` to 'refuse' (transaction-local); the history triggers then refuse
-- to delete a stored day with SQLSTATE VGH02 rather than let it commit without its fill job, and
-- the unit of work runs the write again in a transaction that sends the jobs. Otherwise as 0025.
CREATE OR REPLACE FUNCTION "dashboard_history_invalidate"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  since timestamp(3) with time zone;
  before timestamp(3) with time zone;
  gone text;
BEGIN
  EXECUTE format('SELECT min(%s) FROM new_rows AS x', TG_ARGV[0]) INTO since;
  IF TG_OP = 'UPDATE' AND TG_ARGV[2] = 'both' THEN
    EXECUTE format('SELECT min(%s) FROM old_rows AS x', TG_ARGV[0]) INTO before;
    since := least(since, before);
  END IF;
  IF since IS NOT NULL THEN
    WITH deleted AS (
      DELETE FROM "dashboard_history_days"
      WHERE ("basis" = 'now' OR TG_ARGV[1] = 'all') AND "at" >= since
      RETURNING "basis", "day"
    )
    SELECT string_agg("basis" || ':' || "day", ',') INTO gone FROM deleted;
    IF gone IS NOT NULL THEN
      IF current_setting('vigil.history_refill_alone', true) = 'refuse' THEN
        RAISE EXCEPTION 'history days % need fill jobs: write in a transaction', gone
          USING ERRCODE = 'VGH02';
      END IF;
      PERFORM set_config('vigil.history_refill',
        concat_ws(',', nullif(current_setting('vigil.history_refill', true), ''), gone), true);
    END IF;
  END IF;
  RETURN NULL;
END
$$;
