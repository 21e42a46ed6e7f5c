/**
 * The pushes `config.drift` reads, as known then: a push is recorded as made, so one made after
 * the knowledge instant did not exist for Vigil then, and the push before it is what the MDM
 * held as far as Vigil knew. An evaluation or receipt "as of T, as known at K" with K before T
 * must judge the phone on the push known at K, not on none (the compiled tokens).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/support/database.ts';
import type { Database } from '../../adapters/db/client.ts';
import { systemRandom, ulidIds } from '../../adapters/system.ts';
import { parseSignerKey, signerKeyFromSeed } from '../../core/audit/tlog/note.ts';
import { expectedTokens } from '../../core/compliance/rules/config-drift.rule.ts';
import type { PushedToken } from '../../core/enforcement/pushed.ts';
import { DAY, HOUR } from '../../core/time.ts';
import { readBaselines } from '../../runtime.ts';
import { createServices, type Services } from '../index.ts';
import { evaluationInput } from './compliance.service.ts';

const T0 = Date.UTC(2026, 10, 20, 12);
const SOURCE = 'kmfddm';
const DEVICE = 'premier-calls';
const ORIGIN = 'vigil.test/audit-log';
const keys = signerKeyFromSeed(ORIGIN, new Uint8Array(32).fill(7));

let db: Database;
let services: Services;
let now = T0;
/** When the first push was made, when the second, and an instant between them. */
const FIRST = T0 + 2 * DAY;
const BETWEEN = T0 + 3 * DAY;
const SECOND = T0 + 4 * DAY;
const AT = T0 + 5 * DAY;

beforeAll(async () => {
  db = await openTestDatabase();
  const clock = { now: () => now };
  services = createServices({
    uow: db.uow,
    clock,
    ids: ulidIds(clock, systemRandom),
    random: systemRandom,
    auditLog: { origin: ORIGIN, signer: parseSignerKey(keys.skey), verifierKey: keys.vkey },
  });
  await services.demo.load(readBaselines(), 'test');
  const input = evaluationInput(await db.uow.run((tx) => tx.fleet.load(T0)), T0);
  const governing = input.inForce.governing.get('premier') ?? null;
  if (governing === null) throw new Error('the demo principal is under no protocol');
  const expected = expectedTokens(governing, 'calls', 'apple-ddm', 'ios');
  // A KMFDDM-style server keeps tokens of its own. It was pushed once, then (a restore, a
  // re-import) pushed again and answered other tokens for the same version.
  const push = (at: number, prefix: string) => {
    now = at;
    return services.pushes.record(
      {
        source: SOURCE,
        target: 'apple-ddm',
        protocol: governing.name,
        version: governing.version,
        artifacts: expected.map((e, n) => ({
          role: 'calls',
          file: `${governing.name}-calls.ddm.json`,
          sha256: 'a'.repeat(64),
          remoteId: e.id,
          remoteToken: `${prefix}-${n}`,
          action: 'updated',
        })),
        notified: 1,
      },
      'admin',
    );
  };
  await push(FIRST, 'first');
  // The phone applied the first push, and said so (recorded then).
  now = FIRST + HOUR;
  await services.posture.record(
    {
      deviceId: DEVICE,
      observedAt: new Date(now).toISOString(),
      source: SOURCE,
      applied: {
        target: 'apple-ddm',
        compliance: null,
        items: expected.map((e, n) => ({ id: e.id, token: `first-${n}`, state: 'applied' })),
      },
    },
    'test',
  );
  await push(SECOND, 'second');
  now = AT + HOUR;
}, 60_000);

afterAll(async () => {
  await db?.close();
});

const driftOf = (findings: readonly { rule: string; deviceId: string | null }[]) =>
  findings.find((f) => f.rule === 'config.drift' && f.deviceId === DEVICE);

describe('pushes as known then', () => {
  it('as known between the pushes, the phone runs what the first push gave it', async () => {
    const r = await services.compliance.evaluate({
      asOf: new Date(AT).toISOString(),
      knownAt: new Date(BETWEEN).toISOString(),
    });
    expect(driftOf(r.findings)).toBeUndefined();
  });

  it('as known now, it runs tokens the server no longer holds', async () => {
    const r = await services.compliance.evaluate({ asOf: new Date(AT).toISOString() });
    expect(driftOf(r.findings)).toMatchObject({ rule: 'config.drift' });
  });

  it('a receipt as known between the pushes carries the first push', async () => {
    const receipt = await services.receipts.issue(
      { asOf: new Date(AT).toISOString(), knownAt: new Date(BETWEEN).toISOString(), personId: 'premier' },
      'test',
    );
    const pushes = receipt.facts.filter((f) => f.kind === 'push').map((f) => f.value as PushedToken);
    expect(pushes.length).toBeGreaterThan(0);
    expect(pushes.every((p) => p.pushedAt === FIRST && p.remoteToken?.startsWith('first-'))).toBe(true);
    expect(driftOf(receipt.findings)).toBeUndefined();
  });
});
