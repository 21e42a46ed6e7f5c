/** openDatabase itself: PGlite on disk, schemas, argument checks. Always PGlite (no server needed). */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from './client.ts';
import { device } from './repositories.contract.ts';

describe('openDatabase (PGlite on disk)', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-db-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps data across close and reopen, and schemas apart', async () => {
    const first = await openDatabase({ dataDir: dir });
    expect(first.kind).toBe('pglite');
    await first.migrate();
    await first.uow.run((r) => r.devices.insert(device('d1')));
    await first.close();
    await first.close();

    const other = await openDatabase({ dataDir: dir, schema: 'tenant_b' });
    await other.migrate();
    expect(await other.isEmpty()).toBe(true);
    await other.uow.run((r) => r.devices.insert(device('d1')));
    await other.close();

    const again = await openDatabase({ dataDir: dir });
    await again.migrate();
    expect((await again.uow.run((r) => r.devices.list())).map((d) => d.id)).toEqual(['d1']);
    await again.close();
    // Three databases on disk, each migrated (and given the job queue's schema): slow on a busy machine.
  }, 90_000);

  it('refuses a schema name that is not a plain identifier', async () => {
    await expect(openDatabase({ schema: 'x"; drop table y; --' })).rejects.toThrow(/schema must match/);
  });
});
