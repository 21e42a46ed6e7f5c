/**
 * The waiver service over a real database. Approval is a two-person action between PEOPLE: the
 * approver's credential must be linked to a person, and the person who requested a waiver cannot
 * approve it with a second token or user, since both are theirs. And two approvals of one waiver
 * cannot both win.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/support/database.ts';
import { codeOf } from '../../../test/support/errors.ts';
import type { Database } from '../../adapters/db/client.ts';
import { argon2Passwords } from '../../adapters/passwords.ts';
import { systemRandom, ulidIds } from '../../adapters/system.ts';
import { createServices, type Services } from '../index.ts';

const T = Date.UTC(2026, 10, 1);
const DAY = 86_400_000;
let db: Database;
let services: Services;

const PROTOCOL = `apiVersion: vigil/v1
kind: Protocol
metadata: { name: selfapp, title: Self-approval test, version: "1" }
roles:
  calls: { rotation: { every: P30D } }
waivers: { maxDuration: P30D, approverRole: officer }
`;

beforeAll(async () => {
  db = await openTestDatabase();
  const clock = { now: () => T };
  services = createServices({
    uow: db.uow,
    clock,
    ids: ulidIds(clock),
    random: systemRandom,
    auth: { passwords: argon2Passwords },
  });
  await services.protocols.put(
    { text: PROTOCOL, effectiveAt: new Date(T - 100 * DAY).toISOString() },
    'test',
  );
  await services.inventory.createPerson(
    { id: 'pm', name: 'PM', kind: 'principal', protocol: 'selfapp' },
    'test',
  );
  await services.inventory.createPerson(
    { id: 'olive', name: 'Olive', kind: 'staff', principalId: 'pm' },
    'test',
  );
  await services.inventory.createPerson(
    { id: 'oscar', name: 'Oscar', kind: 'staff', principalId: 'pm' },
    'test',
  );
  await services.inventory.registerDevice(
    {
      id: 'd',
      serial: 'd',
      platform: 'ios',
      model: 'iPhone',
      ownership: 'issued',
      role: 'calls',
      holderId: 'pm',
    },
    'test',
  );
});
afterAll(() => db?.close());

const request = (actor: string) =>
  services.waivers.requestWaiver(
    {
      rule: 'rotation.overdue',
      deviceId: 'd',
      reason: 'travelling',
      risk: 'low',
      expiresAt: new Date(T + 10 * DAY).toISOString(),
    },
    actor,
  );

describe('WaiverService approvals', () => {
  it('refuses the requesting user’s person approving with a token of theirs; another person may', async () => {
    await services.users.create(
      { username: 'olive', name: 'Olive', role: 'officer', personId: 'olive', password: 'olive password 1' },
      'test',
    );
    const w = await request('user:olive');
    const olive = (await services.users.list()).find((u) => u.username === 'olive');
    const { record: oliveToken } = await services.tokens.create(
      { name: 'olive-2', userId: olive?.id ?? '' },
      'test',
    );
    const asOliveToken = { actor: `token:${oliveToken.id}`, role: 'officer', personId: 'olive' };
    expect(await codeOf(services.waivers.approveWaiver(w.id, asOliveToken))).toBe('WAIVER_SELF_APPROVAL');
    const approved = await services.waivers.approveWaiver(w.id, {
      actor: 'user:oscar',
      role: 'officer',
      personId: 'oscar',
    });
    expect(approved.state).toBe('approved');
  });

  it('refuses the requesting token’s person approving as a dashboard user', async () => {
    const { user } = await services.users.create(
      { username: 'oscar', name: 'Oscar', role: 'technician', personId: 'oscar' },
      'test',
    );
    const { record } = await services.tokens.create({ name: 'oscar-t', userId: user.id }, 'test');
    const w = await request(`token:${record.id}`);
    expect(
      await codeOf(
        services.waivers.approveWaiver(w.id, { actor: 'user:oscar', role: 'officer', personId: 'oscar' }),
      ),
    ).toBe('WAIVER_SELF_APPROVAL');
  });

  it('refuses an approver linked to no person; a request from no one (imported, system) needs another actor', async () => {
    const w = await request('system');
    const unlinked = { actor: 'token:legacy', role: 'officer', personId: null };
    expect(await codeOf(services.waivers.approveWaiver(w.id, unlinked))).toBe('PERSON_REQUIRED');
    expect(
      await codeOf(
        services.waivers.approveWaiver(w.id, { actor: 'system', role: 'officer', personId: 'oscar' }),
      ),
    ).toBe('WAIVER_SELF_APPROVAL');
    const ok = await services.waivers.approveWaiver(w.id, {
      actor: 'token:other',
      role: 'officer',
      personId: 'olive',
    });
    expect(ok.state).toBe('approved');
  });

  it('lets exactly one of two concurrent approvals win', async () => {
    const w = await request('token:req');
    const results = await Promise.allSettled([
      services.waivers.approveWaiver(w.id, { actor: 'token:o1', role: 'officer', personId: 'olive' }),
      services.waivers.approveWaiver(w.id, { actor: 'token:o2', role: 'officer', personId: 'oscar' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const { transitions } = await services.waivers.getWaiver(w.id);
    expect(transitions.map((t) => t.to)).toEqual(['requested', 'approved']);
  });
});
