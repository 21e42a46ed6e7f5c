/**
 * Self-service over HTTP on the demo office: a person's page, acknowledging a facility policy and
 * attesting a setting as themself (each with its audit event naming them), a principal
 * confirming a swap staged for them, and a person unable to act for anyone else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBaselines } from '../../src/runtime.ts';
import { buildTestApp, type TestApp } from '../support/app.ts';

interface Task {
  id: string;
  kind: string;
  text: string;
  deviceId: string | null;
  facility: string | null;
  swapId: string | null;
  setting: string | null;
}
interface Page {
  person: { id: string; kind: string };
  devices: { id: string; verdict: string; words: string }[];
  tasks: Task[];
  waivers: { id: string; expired: boolean }[];
  rules: { facility: string; acknowledgedAt: string | null }[];
  attestations: { deviceId: string; setting: string; state: string }[];
}
interface Event {
  type: string;
  actor: string;
  actorPersonId: string | null;
  payload: Record<string, unknown>;
}

let t: TestApp;
let aide: string;
let chief: string;
let premier: string;

beforeAll(async () => {
  t = await buildTestApp();
  await t.services.demo.load(readBaselines());
  // A new iPhone no MDM reports on yet: its microphone and Lockdown Mode are unverified.
  await t.services.inventory.registerDevice(
    {
      id: 'aide-iphone',
      serial: 'AIDE-IPHONE-1',
      platform: 'ios',
      model: 'iPhone 16',
      ownership: 'issued',
      role: 'general',
      holderId: 'policy-aide',
      status: 'active',
    },
    'test',
  );
  aide = await t.token('staff', 'policy-aide');
  chief = await t.token('staff', 'chief-of-staff');
  premier = await t.token('staff', 'premier');
}, 60_000);
afterAll(() => t?.close());

const page = async (token: string) => {
  const res = await t.call('GET', '/api/v1/me/page', { token });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Page;
};
const events = async (type: string) =>
  (await t.call('GET', `/api/v1/audit/events?type=${type}&limit=1000`)).json() as Event[];

describe('self-service', () => {
  it("shows a staff member's devices in plain words, and the policy they have not accepted", async () => {
    const p = await page(aide);
    expect(p.person).toMatchObject({ id: 'policy-aide', kind: 'staff' });
    expect(p.devices.map((d) => d.id).sort()).toEqual(['aide-iphone', 'aide-news', 'aide-personal']);
    expect(p.devices.find((d) => d.id === 'aide-personal')?.words).toMatch(/^Not checked: /);
    const ack = p.tasks.find((x) => x.kind === 'acknowledge');
    expect(ack).toMatchObject({ id: 'ack-main-building', facility: 'main-building' });
    expect(p.rules).toEqual([expect.objectContaining({ facility: 'main-building', acknowledgedAt: null })]);
  });

  it('records an acknowledgement as the caller, with its audit event, and the task goes', async () => {
    const res = await t.call('POST', '/api/v1/me/acknowledgements', {
      token: aide,
      body: { facility: 'main-building' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ personId: 'policy-aide', facility: 'main-building' });
    const e = (await events('acknowledgement.recorded')).find((x) => x.payload.personId === 'policy-aide');
    expect(e?.actorPersonId).toBe('policy-aide');
    const p = await page(aide);
    expect(p.tasks.some((x) => x.kind === 'acknowledge')).toBe(false);
    expect(p.rules[0]?.acknowledgedAt).not.toBeNull();
  });

  it('offers iPhone settings the MDM cannot see for attestation, and records one as the caller', async () => {
    const before = await page(aide);
    const offered = before.tasks.filter((x) => x.kind === 'attest').map((x) => `${x.deviceId}:${x.setting}`);
    expect(offered.sort()).toEqual(['aide-iphone:lockdown-mode', 'aide-iphone:microphone']);
    // The MDM reports the chief's iPhone in full: nothing for its holder to attest.
    expect((await page(chief)).tasks.filter((x) => x.kind === 'attest')).toEqual([]);
    const res = await t.call('POST', '/api/v1/me/attestations', {
      token: aide,
      body: { deviceId: 'aide-iphone', setting: 'lockdown-mode' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ personId: 'policy-aide', setting: 'lockdown-mode', state: 'on' });
    const e = (await events('self-attestation.recorded')).at(-1);
    expect(e).toMatchObject({ actorPersonId: 'policy-aide', payload: { deviceId: 'aide-iphone' } });
    const after = await page(aide);
    expect(after.attestations).toEqual([
      expect.objectContaining({ deviceId: 'aide-iphone', setting: 'lockdown-mode', state: 'on' }),
    ]);
    // Not asked again; the holder's word satisfies no rule, so the device still does not meet it.
    expect(after.tasks.filter((x) => x.kind === 'attest').map((x) => x.setting)).toEqual(['microphone']);
    expect(after.devices.find((d) => d.id === 'aide-iphone')?.verdict).toBe('non-compliant');
  });

  it('refuses to act for someone else: another person’s device, swap or a person id in the body', async () => {
    const other = await t.call('POST', '/api/v1/me/attestations', {
      token: chief,
      body: { deviceId: 'aide-iphone', setting: 'microphone' },
    });
    expect(other.statusCode, other.body).toBe(422);
    expect(other.json().error.code).toBe('ATTESTATION_INVALID');
    const named = await t.call('POST', '/api/v1/me/acknowledgements', {
      token: chief,
      body: { facility: 'main-building', personId: 'policy-aide' },
    });
    expect(named.statusCode).toBe(400);
    const swap = await stagedSwapForPremier();
    const confirm = await t.call('POST', `/api/v1/me/swaps/${swap}/confirm`, { token: chief });
    expect(confirm.statusCode, confirm.body).toBe(404);
    expect(confirm.json().error.code).toBe('SWAP_NOT_FOUND');
    const state = (await t.call('GET', `/api/v1/swaps/${swap}`)).json() as { state: string };
    expect(state.state).toBe('staged');
  });

  it('lets a principal confirm a staged swap in one call, recorded as them', async () => {
    const swap = await stagedSwapForPremier();
    const ready = (await page(premier)).tasks.find((x) => x.swapId === swap);
    expect(ready).toMatchObject({ kind: 'confirm-swap', id: 'swap-premier-calls' });
    expect(ready?.text).toContain('staged at Secure store, room B12');
    const res = await t.call('POST', `/api/v1/me/swaps/${swap}/confirm`, { token: premier });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'handed-over', newDeviceId: 'premier-social-next' });
    const e = (await events('swap.transitioned')).find(
      (x) => x.payload.swapId === swap && x.payload.command === 'handover',
    );
    expect(e).toMatchObject({ actorPersonId: 'premier', payload: { command: 'handover' } });
    const after = (await page(premier)).tasks.filter((x) => x.swapId === swap);
    expect(after.map((x) => x.kind)).toEqual(['return-old']);
  });

  it('refuses a credential linked to no person', async () => {
    const ingest = await t.token('ingest');
    expect((await t.call('GET', '/api/v1/me/page', { token: ingest })).statusCode).toBe(403);
  });
});

let staged: string | null = null;
/** A swap of the premier's calls phone with the demo's spare staged in the secure store (once). */
async function stagedSwapForPremier(): Promise<string> {
  if (staged !== null) return staged;
  const planned = await t.call('POST', '/api/v1/swaps', { body: { deviceId: 'premier-calls' } });
  expect(planned.statusCode, planned.body).toBe(201);
  const id = (planned.json() as { id: string }).id;
  const stage = await t.call('POST', `/api/v1/swaps/${id}/stage`, {
    body: { newDeviceId: 'premier-social-next' },
  });
  expect(stage.statusCode, stage.body).toBe(200);
  staged = id;
  return id;
}
