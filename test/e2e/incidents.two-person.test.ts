/**
 * Closing an incident is a two-person rule between people: whoever declared it, or recorded one
 * of its playbook steps, never closes it, under any token or user of theirs, back-filled or not;
 * another officer does. Actors with no person (a scan, a connector) count as no one. The CLI
 * names the closer (`--closer USER`) and follows the same rule.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../src/core/time.ts';
import { buildTestApp, type Member, type TestApp } from '../support/app.ts';
import { type CliEnv, cliEnv } from '../support/cli-env.ts';

const PROTOCOL = `apiVersion: vigil/v1
kind: Protocol
metadata: { name: tp-incidents, title: Two people close, version: "1" }
incidents:
  playbook:
    - { id: isolate, title: Isolate the device, owner: technician }
`;

let t: TestApp;
let olive: Member;
let oscar: Member;
let tess: Member;
const iso = (ms: number) => new Date(ms).toISOString();
const codeOf = (r: { statusCode: number; json(): { error?: { code: string } } }) => [
  r.statusCode,
  r.json().error?.code,
];

beforeAll(async () => {
  t = await buildTestApp();
  const ok = async (url: string, body: unknown, method: 'POST' | 'PUT' = 'POST') => {
    const r = await t.call(method, url, { body });
    expect(r.statusCode, r.body).toBeLessThan(300);
  };
  await ok('/api/v1/protocols', { text: PROTOCOL, effectiveAt: iso(Date.now() - 400 * DAY) }, 'PUT');
  await ok('/api/v1/people', {
    id: 'pm',
    name: 'Pat Principal',
    kind: 'principal',
    protocol: 'tp-incidents',
  });
  for (const n of [1, 2, 3]) {
    await ok('/api/v1/devices', {
      id: `phone-${n}`,
      serial: `SN-TP-${n}`,
      platform: 'ios',
      model: 'iPhone 16',
      ownership: 'issued',
      role: 'general',
      holderId: 'pm',
      issuedAt: iso(Date.now() - 300 * DAY),
    });
  }
  olive = await t.member('officer');
  oscar = await t.member('officer');
  tess = await t.member('technician');
});
afterAll(() => t?.close());

const open = (deviceId: string, token: string, at?: string) =>
  t.call('POST', '/api/v1/incidents', {
    token,
    body: { deviceIds: [deviceId], compromise: 'suspected', summary: 'Odd profile', ...(at ? { at } : {}) },
  });
const step = (id: string, token: string, at?: string) =>
  t.call('POST', `/api/v1/incidents/${id}/steps/isolate`, {
    token,
    body: { status: 'done', ...(at ? { at } : {}) },
  });
const close = (id: string, token: string, at?: string) =>
  t.call('POST', `/api/v1/incidents/${id}/close`, {
    token,
    body: { resolution: 'cleared', ...(at ? { at } : {}) },
  });

describe('closing an incident over the API', () => {
  it('refuses the person who declared it, under another token or user; another officer closes', async () => {
    const opened = await open('phone-1', olive.token);
    expect(opened.statusCode, opened.body).toBe(201);
    const id = opened.json().id as string;
    expect((await step(id, tess.token)).json().status).toBe('contained');
    const second = await t.call('POST', '/api/v1/tokens', { token: olive.token, body: { name: 'phone' } });
    const alias = await t.member('officer', olive.personId);
    for (const token of [olive.token, second.json().token as string, alias.token]) {
      expect(codeOf(await close(id, token))).toEqual([403, 'INCIDENT_SAME_PERSON']);
    }
    const ok = await close(id, oscar.token);
    expect(ok.statusCode, ok.body).toBe(200);
    const events = await t.services.audit.list({ type: 'incident.closed', limit: 100 });
    expect(events.find((e) => e.payload.id === id)?.payload).toMatchObject({ personId: oscar.personId });
  });

  it('refuses a person who recorded a step, back-filled too; a scan declaring one is no one', async () => {
    const at = iso(Date.now() - 30 * DAY);
    const incident = await t.services.incidents.open(
      { deviceIds: ['phone-2'], compromise: 'confirmed', summary: 'Indicators found by a scan', at },
      'system:scan',
    );
    expect((await step(incident.id, oscar.token, iso(Date.now() - 29 * DAY))).statusCode).toBe(200);
    const closeAt = iso(Date.now() - 28 * DAY);
    expect(codeOf(await close(incident.id, oscar.token, closeAt))).toEqual([403, 'INCIDENT_SAME_PERSON']);
    const ok = await close(incident.id, olive.token, closeAt);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().closedAt).toBe(closeAt);
  });
});

describe('closing an incident from the CLI', () => {
  let cli: CliEnv;
  beforeAll(async () => {
    cli = cliEnv();
    expect((await cli.run('demo')).code).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await cli.cleanup();
  });

  it('names the closer, who is never the person who declared it or worked a step', async () => {
    const opened = await cli.run(
      '--json',
      'incident',
      'open',
      '--device',
      'premier-social',
      '--compromise',
      'suspected',
      '--summary',
      'Odd profile',
      '--as',
      'alex-reyes',
    );
    expect(opened.code, opened.stderr).toBe(0);
    const incident = JSON.parse(opened.stdout) as { id: string; steps: { id: string }[] };
    for (const s of incident.steps) {
      const r = await cli.run('incident', 'step', incident.id, s.id, 'done', '--as', 'kit-moreno');
      expect(r.code, r.stderr).toBe(0);
    }
    const closeAs = (user: string) =>
      cli.run('incident', 'close', incident.id, '--resolution', 'cleared', '--closer', user);
    const self = await closeAs('alex-reyes');
    expect(self.code).toBe(2);
    expect(self.stderr).toMatch(/INCIDENT_SAME_PERSON/);
    const auditor = await closeAs('robin-hale');
    expect(auditor.code).toBe(2);
    expect(auditor.stderr).toMatch(/AUTH_FORBIDDEN/);
    expect((await closeAs('nobody')).stderr).toMatch(/USER_NOT_FOUND/);
    // Another officer of the office, a different person, closes it.
    const person = await cli.run(
      'person',
      'add',
      '--id',
      'officer-two',
      '--name',
      'Sam Hart',
      '--kind',
      'operator',
    );
    expect(person.code, person.stderr).toBe(0);
    const user = await cli.run(
      'user',
      'create',
      '--username',
      'sam-hart',
      '--name',
      'Sam Hart',
      '--role',
      'officer',
      '--person',
      'officer-two',
    );
    expect(user.code, user.stderr).toBe(0);
    const ok = await closeAs('sam-hart');
    expect(ok.code, ok.stderr).toBe(0);
  }, 120_000);
});
