/**
 * Key rotation over a real database, with two services standing for two processes sharing it:
 * the one that did not rotate picks the new key up (reloading its key file) or, when its key
 * file still holds the retired key, refuses to sign rather than sign with it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/support/database.ts';
import { codeOf } from '../../../test/support/errors.ts';
import type { Database } from '../../adapters/db/client.ts';
import { systemRandom, ulidIds } from '../../adapters/system.ts';
import { verifyBundle } from '../../core/audit/tlog/bundle.ts';
import { parseSignerKey, signerKeyFromSeed } from '../../core/audit/tlog/note.ts';
import { createServices } from '../index.ts';

const ORIGIN = 'vigil.test/audit-log';
const key = (n: number) => {
  const { skey, vkey } = signerKeyFromSeed(ORIGIN, new Uint8Array(32).fill(n));
  return { signer: parseSignerKey(skey), verifierKey: vkey };
};
let db: Database;

beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db.close();
});

describe('AuditLogService key rotation', () => {
  it('a second process reloads the rotated key, or refuses to sign with the retired one', async () => {
    const clock = { now: () => Date.UTC(2026, 10, 1) };
    // The key file each "process" would read on reload.
    let fileOfB = key(1);
    const make = (reload: () => ReturnType<typeof key>) =>
      createServices({
        uow: db.uow,
        clock,
        ids: ulidIds(clock),
        random: systemRandom,
        auditLog: { origin: ORIGIN, ...key(1), reloadKey: reload },
      });
    const a = make(() => key(2));
    const b = make(() => fileOfB);
    await a.inventory.createPerson({ id: 'p1', name: 'P1', kind: 'principal' }, 'test');
    await a.auditLog.checkpoint();

    const rotated = await a.auditLog.rotateKey(key(2), 'test');
    expect(rotated).toMatchObject({ from: key(1).verifierKey, to: key(2).verifierKey });
    expect(a.auditLog.verifierKey()).toBe(key(2).verifierKey);
    expect(await a.auditLog.keyHistory()).toEqual([
      { vkey: key(1).verifierKey, transition: null },
      { vkey: key(2).verifierKey, transition: rotated.note },
    ]);

    // B still holds key 1 and its key file was not replaced: it signs nothing.
    await a.inventory.createPerson({ id: 'p2', name: 'P2', kind: 'principal' }, 'test');
    expect(await codeOf(b.auditLog.checkpoint())).toBe('AUDIT_KEY_RETIRED');
    // Once the file holds key 2, B picks it up and signs with it.
    fileOfB = key(2);
    const cp = await b.auditLog.checkpoint();
    expect(b.auditLog.verifierKey()).toBe(key(2).verifierKey);

    const bundle = await a.auditLog.exportBundle('test');
    expect(bundle.checkpoint).toBe(cp.note);
    for (const trustedKey of [key(1).verifierKey, key(2).verifierKey]) {
      const report = verifyBundle(bundle, { trustedKey });
      expect(report.problems.filter((p) => !p.warning)).toEqual([]);
    }
    // Rotating back to a key the log already used is refused.
    expect(await codeOf(a.auditLog.rotateKey(key(1), 'test'))).toBe('VALIDATION_FAILED');
  }, 60_000);
});
