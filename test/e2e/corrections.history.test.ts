/**
 * Corrections, never edits, end to end: a check entered as clean that was in fact compromised,
 * through the HTTP API (record, evaluate, correct, evaluate as known before and after the
 * correction), then the same through the real CLI (`vigil correct`, `vigil evaluate --known-at`).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { type CliEnv, cliEnv } from '../support/cli-env.ts';

const DAY = 86_400_000;
const T = Date.UTC(2026, 10, 1);
const iso = (t: number) => new Date(t).toISOString();
let now = T - 5 * DAY;

const PROTOCOL = `apiVersion: vigil/v1
kind: Protocol
metadata: { name: corr-e2e, title: Corrections end to end, version: "1" }
roles:
  calls: { inspection: { every: P30D, methods: [forensic-scan] } }
`;

interface Finding {
  readonly rule: string;
  readonly deviceId: string | null;
}

describe('HTTP: a wrong check result corrected later', () => {
  let t: TestApp;
  let officer: string;
  let technician: string;
  beforeAll(async () => {
    t = await buildTestApp({ clock: { now: () => now } });
    officer = await t.token('officer');
    technician = await t.token('technician');
    const ok = async (method: 'POST' | 'PUT', url: string, body: unknown) => {
      const r = await t.call(method, url, { body });
      expect(r.statusCode, r.body).toBeLessThan(300);
      return r.json() as Record<string, unknown>;
    };
    await ok('PUT', '/api/v1/protocols', { text: PROTOCOL, effectiveAt: iso(T - 100 * DAY) });
    await ok('POST', '/api/v1/people', { id: 'pm', name: 'PM', kind: 'principal', protocol: 'corr-e2e' });
    await ok('POST', '/api/v1/devices', {
      id: 'pm-calls',
      serial: 'PMC1',
      platform: 'ios',
      model: 'iPhone 16',
      ownership: 'issued',
      role: 'calls',
      holderId: 'pm',
      issuedAt: iso(T - 50 * DAY),
    });
  }, 60_000);
  afterAll(() => t?.close());

  const failed = async (knownAt?: number) => {
    const q = knownAt === undefined ? '' : `&knownAt=${iso(knownAt)}`;
    const r = await t.call('GET', `/api/v1/compliance/findings?asOf=${iso(T)}${q}`);
    expect(r.statusCode, r.body).toBe(200);
    return (r.json() as { findings: Finding[] }).findings.filter((f) => f.rule === 'inspection.failed');
  };

  it('as known before the correction: the old answer; from it on: the corrected one', async () => {
    now = T - 4 * DAY;
    const rec = await t.call('POST', '/api/v1/inspections', {
      token: technician,
      body: {
        deviceId: 'pm-calls',
        at: iso(T - 5 * DAY),
        method: 'forensic-scan',
        result: 'clean',
        performedBy: 'Tech',
      },
    });
    expect(rec.statusCode, rec.body).toBe(201);
    const inspectionId = (rec.json() as { id: string }).id;
    expect(await failed()).toEqual([]);

    // A technician may not correct; an officer may, and is named as who did.
    now = T - 2 * DAY;
    const body = {
      kind: 'inspection',
      factId: inspectionId,
      reason: 'the scan report says compromised',
      set: { result: 'compromised' },
    };
    expect((await t.call('POST', '/api/v1/corrections', { token: technician, body })).statusCode).toBe(403);
    const cor = await t.call('POST', '/api/v1/corrections', { token: officer, body });
    expect(cor.statusCode, cor.body).toBe(201);
    expect(cor.json()).toMatchObject({
      kind: 'inspection',
      factId: inspectionId,
      deviceId: 'pm-calls',
      effectiveAt: iso(T - 5 * DAY),
      recordedAt: iso(T - 2 * DAY),
      values: { result: 'compromised', at: iso(T - 5 * DAY) },
    });

    expect(await failed(T - 3 * DAY)).toEqual([]);
    expect((await failed(T - 2 * DAY)).map((f) => f.deviceId)).toEqual(['pm-calls']);
    expect((await failed()).map((f) => f.deviceId)).toEqual(['pm-calls']);

    const list = await t.call('GET', `/api/v1/corrections?factId=${inspectionId}`, {
      token: await t.token('auditor'),
    });
    expect((list.json() as unknown[]).length).toBe(1);
    const audit = await t.call('GET', '/api/v1/audit/events?type=fact.corrected');
    expect(audit.body).toContain(inspectionId);
  });

  it('names an existing fact and keeps the effective instant out of the future', async () => {
    const nope = await t.call('POST', '/api/v1/corrections', {
      token: officer,
      body: { kind: 'inspection', factId: 'ins_nope', reason: 'x', retract: true },
    });
    expect(nope.statusCode).toBe(404);
    expect(nope.json()).toMatchObject({ error: { code: 'FACT_NOT_FOUND' } });
  });
});

describe('CLI: vigil correct, then vigil evaluate --known-at', () => {
  let cli: CliEnv;
  const ago = (days: number) =>
    new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - days * DAY).toISOString();
  beforeAll(async () => {
    cli = cliEnv();
    writeFileSync(join(cli.cwd, 'corr.yaml'), PROTOCOL);
    const added = await cli.run('protocol', 'add', 'corr.yaml', '--effective-at', ago(100));
    expect(added.stderr).toBe('');
    const fleet = {
      apiVersion: 'vigil/v1',
      kind: 'Fleet',
      people: [{ id: 'pm', name: 'PM', kind: 'principal', protocol: 'corr-e2e', protocolSince: ago(90) }],
      devices: [
        {
          id: 'pm-calls',
          serial: 'PMC1',
          platform: 'ios',
          model: 'iPhone 16',
          ownership: 'issued',
          role: 'calls',
          holderId: 'pm',
          issuedAt: ago(50),
        },
      ],
      inspections: [
        {
          id: 'ins-1',
          deviceId: 'pm-calls',
          at: ago(5),
          method: 'forensic-scan',
          result: 'clean',
          performedBy: 'Tech',
        },
      ],
    };
    writeFileSync(join(cli.cwd, 'fleet.json'), JSON.stringify(fleet));
    const imported = await cli.run('import', 'fleet.json');
    expect(imported.stderr).toBe('');
  }, 60_000);
  afterAll(() => cli?.cleanup());

  it('answers differently only as known from the correction on', async () => {
    const failedFor = async (...extra: string[]) => {
      const r = await cli.run('--json', 'evaluate', ...extra);
      return (JSON.parse(r.stdout) as { findings: Finding[] }).findings.filter(
        (f) => f.rule === 'inspection.failed' && f.deviceId === 'pm-calls',
      );
    };
    const before = new Date().toISOString();
    expect(await failedFor()).toEqual([]);
    // Corrections are recorded from the clock: make sure "before" precedes this one.
    while (new Date().toISOString() <= before) await new Promise((r) => setTimeout(r, 2));
    const c = await cli.run(
      'correct',
      'inspection',
      'ins-1',
      '--reason',
      'mistyped',
      '--set',
      'result=compromised',
    );
    expect(c.stderr).toBe('');
    expect(c.stdout).toContain('corrected');
    expect(await failedFor('--known-at', before)).toEqual([]);
    expect(await failedFor()).toHaveLength(1);
    const usage = await cli.run('correct', 'inspection', 'ins-1', '--reason', 'x');
    expect(usage.stderr).toContain('--retract');
    const listed = await cli.run('--json', 'correction', 'list', '--fact', 'ins-1');
    expect(JSON.parse(listed.stdout)).toHaveLength(1);
  }, 120_000);
});
