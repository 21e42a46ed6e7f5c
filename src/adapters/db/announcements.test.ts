/**
 * Committed audit events are announced to every handle on the database, once per statement,
 * with the seqs appended; a rollback announces nothing; another schema's announcements are
 * ignored; a dropped listening connection comes back and says `lost`.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestDatabasePair, testSchemaOf } from '../../../test/support/database.ts';
import type { AuditEventInput } from '../../services/audit/ports.ts';
import type { FactAnnouncement } from '../../services/kernel/ports.ts';
import { FACTS_CHANNEL, listenerName, parseAnnouncement } from './announcements.ts';
import type { Database } from './client.ts';

const url = process.env.DATABASE_URL;

const event = (n: number): AuditEventInput => ({
  type: 'device.registered',
  at: Date.UTC(2026, 11, 1) + n,
  actor: 'test',
  subject: `device:d${n}`,
  payload: { n },
});

/** One statement on PostgreSQL, outside Vigil's pools. */
async function onServer(text: string, values: unknown[] = []): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text, values);
  } finally {
    await client.end();
  }
}

describe('parseAnnouncement', () => {
  it('reads "schema from to" for its own schema only', () => {
    expect(parseAnnouncement('public 3 7', 'public')).toEqual({ from: 3, to: 7 });
    expect(parseAnnouncement('other 3 7', 'public')).toBeNull();
    for (const bad of ['public', 'public 3', 'public 7 3', 'public a b', 'public 1 2 3', ''])
      expect(parseAnnouncement(bad, 'public')).toBeNull();
  });
});

describe('fact announcements', () => {
  let a: Database;
  let b: Database;
  const heard: FactAnnouncement[] = [];

  beforeAll(async () => {
    [a, b] = await openTestDatabasePair();
    a.announcements.subscribe((x) => heard.push(x));
    // Listening is under way once an event appended now is heard.
    await vi.waitFor(
      async () => {
        await b.uow.run((tx) => tx.audit.append(event(0)));
        expect(heard.length).toBeGreaterThan(0);
      },
      { timeout: 20_000, interval: 500 },
    );
    await new Promise((r) => setTimeout(r, 200));
    heard.length = 0;
  }, 60_000);
  afterAll(() => a?.close());

  it('announces what another handle committed: the seqs of each statement', async () => {
    const seqs = await b.uow.run(async (tx) => [
      ...(await tx.audit.appendMany([event(1), event(2)])),
      await tx.audit.append(event(3)),
    ]);
    await vi.waitFor(() => expect(heard).toHaveLength(2), { timeout: 10_000 });
    expect(heard).toEqual([
      { from: seqs[0], to: seqs[1] },
      { from: seqs[2], to: seqs[2] },
    ]);
  });

  it('announces nothing for a rollback', async () => {
    heard.length = 0;
    await expect(
      b.uow.run(async (tx) => {
        await tx.audit.append(event(4));
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    // Announcements arrive in commit order: once this one is heard, the rollback's would have been.
    const seq = await b.uow.run((tx) => tx.audit.append(event(5)));
    await vi.waitFor(() => expect(heard.length).toBeGreaterThan(0), { timeout: 10_000 });
    expect(heard).toEqual([{ from: seq, to: seq }]);
  });

  it.runIf(url)('ignores another schema on the same server', async () => {
    heard.length = 0;
    await onServer('select pg_notify($1, $2)', [FACTS_CHANNEL, 'not_this_schema 1 2']);
    const seq = await b.uow.run((tx) => tx.audit.append(event(6)));
    await vi.waitFor(() => expect(heard.length).toBeGreaterThan(0), { timeout: 10_000 });
    expect(heard).toEqual([{ from: seq, to: seq }]);
  });

  it.runIf(url)('listens again after its connection drops, and says announcements may be lost', async () => {
    heard.length = 0;
    const schema = testSchemaOf(a) ?? '';
    // Both handles listen under the same name: both come back.
    await onServer('select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1', [
      listenerName(schema),
    ]);
    await vi.waitFor(() => expect(heard).toContainEqual({ lost: true }), { timeout: 15_000 });
    const seq = await b.uow.run((tx) => tx.audit.append(event(7)));
    await vi.waitFor(() => expect(heard).toContainEqual({ from: seq, to: seq }), { timeout: 10_000 });
  });
});
