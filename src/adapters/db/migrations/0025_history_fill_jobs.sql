-- The history triggers (0008) also note the days they delete, as `basis:date` in the
-- transaction-local setting `vigil.history_refill`; the unit of work sends a fill job for each
-- before the transaction commits (adapters/db/client.ts, adapters/jobs/history.ts), so a
-- back-dated write and the refill of the days it made stale commit together.
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
      PERFORM set_config('vigil.history_refill',
        concat_ws(',', nullif(current_setting('vigil.history_refill', true), ''), gone), true);
    END IF;
  END IF;
  RETURN NULL;
END
$$;
