/**
 * Column types shared by every context's schema file. In a module of its own so the context
 * files (schema.workflows.ts, …) can use them without importing schema.ts, which re-exports
 * those files (an import cycle).
 */
import { customType } from 'drizzle-orm/pg-core';
import type { Instant } from '../../core/time.ts';

/** `timestamp(3) with time zone` <-> epoch milliseconds. */
export const instant = customType<{ data: Instant; driverData: string | Date }>({
  dataType() {
    return 'timestamp(3) with time zone';
  },
  toDriver(value: Instant): string {
    if (!Number.isFinite(value)) throw new RangeError(`not an instant: ${value}`);
    return new Date(value).toISOString();
  },
  fromDriver(value: string | Date): Instant {
    const t = typeof value === 'string' ? Date.parse(value) : value.getTime();
    if (Number.isNaN(t)) throw new RangeError(`unreadable timestamp from the database: ${String(value)}`);
    return t;
  },
});
