/**
 * The CLI end to end, in process, on a real database: the demo office shows its story (a social
 * phone unchecked for months, a calls phone with camera and microphone on, a predecessor's
 * protocol to compare), imports are all-or-nothing, bad input exits 2 with every problem listed.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliEnv, cliEnv } from '../support/cli-env.ts';

let cli: CliEnv;

beforeAll(async () => {
  cli = cliEnv();
  const r = await cli.run('demo');
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
}, 120_000);

afterAll(async () => {
  await cli.cleanup();
});

interface JsonFinding {
  deviceId: string;
  rule: string;
  outcome: string;
  since: string;
  evidence: Record<string, unknown>;
}

describe('vigil evaluate on the demo office', () => {
  it('shows the social phone’s check overdue by about four months and the calls phone’s camera and microphone on', async () => {
    const r = await cli.run('--json', 'evaluate');
    expect(r.code).toBe(1); // open findings
    const out = JSON.parse(r.stdout) as {
      findings: JsonFinding[];
      facts: Record<string, { sensors: Record<string, { state: string } | null> }>;
    };
    const overdue = out.findings.find(
      (f) => f.deviceId === 'premier-social' && f.rule === 'inspection.overdue',
    );
    expect(overdue).toBeDefined();
    const days = Number(overdue?.evidence.daysOverdue);
    expect(days).toBeGreaterThanOrEqual(110); // about four months
    expect(days).toBeLessThanOrEqual(130);
    const calls = out.findings.filter((f) => f.deviceId === 'premier-calls').map((f) => f.rule);
    expect(calls).toEqual(expect.arrayContaining(['sensor.camera', 'sensor.microphone']));
    expect(calls).not.toContain('sensor.location');
    for (const id of ['premier-calls', 'premier-social']) {
      expect(out.facts[id]?.sensors.location?.state).toBe('disabled');
    }
  });

  it('prints a readable report', async () => {
    const r = await cli.run('evaluate');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /premier-social \(social\) held by Premier Dana Whitlock, protocol relaxed-social/,
    );
    expect(r.stdout).toMatch(/inspection\.overdue/);
    expect(r.stdout).toMatch(/location disabled/);
  });

  it('evaluates a past instant from the facts in force then', async () => {
    // Eight months ago the social phone had just been issued and checked: no overdue check.
    const asOf = new Date(Date.now() - 200 * 86_400_000).toISOString();
    const r = await cli.run('--json', 'evaluate', '--as-of', asOf);
    const out = JSON.parse(r.stdout) as { findings: JsonFinding[] };
    expect(out.findings.some((f) => f.deviceId === 'premier-social' && f.rule === 'inspection.overdue')).toBe(
      false,
    );
    expect(out.findings.some((f) => f.deviceId === 'premier-calls')).toBe(false); // not issued yet
  });

  it('scores the same fleet under the predecessor’s protocol (what-if)', async () => {
    const r = await cli.run('--json', 'evaluate', '--protocol', 'strict-30day');
    const out = JSON.parse(r.stdout) as { findings: JsonFinding[] };
    const social = out.findings.filter((f) => f.deviceId === 'premier-social').map((f) => f.rule);
    expect(social).toEqual(
      expect.arrayContaining(['rotation.overdue', 'sensor.camera', 'sensor.microphone']),
    );
  });

  it('refuses a malformed --as-of with exit 2', async () => {
    const r = await cli.run('evaluate', '--as-of', 'last tuesday');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/VALIDATION_FAILED/);
  });
});

describe('vigil device show on a past day', () => {
  const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

  it('shows the facts in force then, each with when Vigil recorded it', async () => {
    const asOf = daysAgo(100);
    const r = await cli.run('--json', 'device', 'show', 'premier-social', '--as-of', asOf);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      asOf: string;
      knownAt: string | null;
      posture: { observedAt: string; receivedAt: string }[];
    };
    expect(out.asOf).toBe(asOf);
    expect(out.knownAt).toBeNull();
    // The report of two days ago was not in force yet; the one of 160 days ago was.
    const observed = out.posture.map((p) => Date.parse(p.observedAt));
    expect(observed.length).toBeGreaterThan(0);
    expect(observed.every((t) => t <= Date.parse(asOf))).toBe(true);
    const now = JSON.parse((await cli.run('--json', 'device', 'show', 'premier-social')).stdout) as {
      posture: unknown[];
      asOf: string | null;
    };
    expect(now.asOf).toBeNull();
    expect(now.posture.length).toBeGreaterThan(out.posture.length);

    const text = await cli.run('device', 'show', 'premier-social', '--as-of', asOf);
    expect(text.stdout).toMatch(/^As of .*, by everything known now:/);
    expect(text.stdout).toMatch(/\(recorded \d{4}-/);
  });

  it('as known before the office was entered, the device did not exist yet', async () => {
    const r = await cli.run(
      'device',
      'show',
      'premier-social',
      '--as-of',
      daysAgo(100),
      '--known-at',
      daysAgo(1),
    );
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/DEVICE_NOT_FOUND/);
  });

  it('refuses a future instant', async () => {
    const r = await cli.run(
      'device',
      'show',
      'premier-social',
      '--as-of',
      new Date(Date.now() + 86_400_000).toISOString(),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/INSTANT_IN_FUTURE/);
  });
});

describe('vigil protocol', () => {
  it('compares the current protocol with the predecessor’s, side by side', async () => {
    const r = await cli.run('protocol', 'compare', 'strict-30day', 'relaxed-social');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/roles\.social\.rotation\.every/);
    expect(r.stdout).toMatch(/roles\.social\.sensors\.camera/);
    expect(r.stdout).toMatch(/roles\.social\.sensors\.microphone/);
  });

  it('lists the stored protocols', async () => {
    const r = await cli.run('protocol', 'list');
    expect(r.code).toBe(0);
    for (const name of ['strict-30day', 'relaxed-social', 'cisa-hti', 'nsa-mobile'])
      expect(r.stdout).toContain(name);
  });

  it('validates a file with precise problems and exit 2', async () => {
    const file = join(cli.cwd, 'bad.yaml');
    writeFileSync(
      file,
      [
        'apiVersion: vigil/v1',
        'kind: Protocol',
        'metadata: { name: office, title: Office, version: "1" }',
        'roles:',
        '  calls:',
        '    rotation: { every: P1M }',
        '    sensors: { camera: off }',
      ].join('\n'),
    );
    const r = await cli.run('protocol', 'validate', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:6:\d+: roles\.calls\.rotation\.every/);
    expect(r.stderr).toMatch(/bad\.yaml:7:\d+: roles\.calls\.sensors\.camera/);
  });

  it('accepts a valid protocol extending a baseline, and stores it', async () => {
    const file = join(cli.cwd, 'office.yaml');
    writeFileSync(
      file,
      [
        'apiVersion: vigil/v1',
        'kind: Protocol',
        'metadata: { name: office, title: Office protocol, version: "2026.1", extends: strict-30day }',
        'roles:',
        '  news: { rotation: null }',
      ].join('\n'),
    );
    expect((await cli.run('protocol', 'validate', file)).code).toBe(0);
    const added = await cli.run('protocol', 'add', file);
    expect(added.code).toBe(0);
    expect((await cli.run('protocol', 'show', 'office')).stdout).toMatch(/extends: null/);
  });
});

describe('vigil import', () => {
  it('rejects a bad file listing every problem, importing nothing', async () => {
    const file = join(cli.cwd, 'fleet.yaml');
    writeFileSync(
      file,
      [
        'apiVersion: vigil/v1',
        'kind: Fleet',
        'people:',
        '  - { id: new-person, name: New Person, kind: staff, principalId: nobody }',
        'devices:',
        '  - { id: new-phone, serial: X1, platform: ios, model: iPhone, ownership: issued, role: calls, holderId: ghost }',
        'posture:',
        '  - { deviceId: missing, observedAt: "2026-01-01T00:00:00Z", source: csv }',
      ].join('\n'),
    );
    const r = await cli.run('import', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/IMPORT_INVALID/);
    expect(r.stderr).toMatch(/people\.0\.principalId/);
    expect(r.stderr).toMatch(/devices\.0\.holderId/);
    expect(r.stderr).toMatch(/posture\.0\.deviceId/);
    const people = await cli.run('--json', 'person', 'list');
    expect((JSON.parse(people.stdout) as { id: string }[]).some((p) => p.id === 'new-person')).toBe(false);
  });

  it('adds a person counting from --since, never from the future', async () => {
    const since = '2026-01-05T00:00:00.000Z';
    const r = await cli.run(
      '--json',
      'person',
      'add',
      '--id',
      'since-pm',
      '--name',
      'Sam Since',
      '--kind',
      'principal',
      '--since',
      since,
    );
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ id: 'since-pm', since });
    const future = await cli.run(
      'person',
      'add',
      '--name',
      'Fay Future',
      '--kind',
      'principal',
      '--since',
      '2999-01-01T00:00:00Z',
    );
    expect(future.code).not.toBe(0);
    expect(future.stderr).toMatch(/INSTANT_IN_FUTURE/);
  });

  it('rejects schema errors with their paths', async () => {
    const file = join(cli.cwd, 'fleet2.json');
    writeFileSync(
      file,
      JSON.stringify({ apiVersion: 'vigil/v1', kind: 'Fleet', devices: [{ id: 'x', platform: 'windows' }] }),
    );
    const r = await cli.run('import', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/devices\.0\.platform/);
    expect(r.stderr).toMatch(/devices\.0\.serial/);
  });

  it('imports a good file', async () => {
    const file = join(cli.cwd, 'fleet3.yaml');
    writeFileSync(
      file,
      [
        'apiVersion: vigil/v1',
        'kind: Fleet',
        'people:',
        '  - { id: minister, name: Minister Lee Varga, kind: principal, protocol: strict-30day }',
        'devices:',
        '  - { id: minister-calls, serial: M1, platform: ios, model: iPhone 16, ownership: issued, role: calls, holderId: minister, issuedAt: "2026-01-01T00:00:00Z" }',
      ].join('\n'),
    );
    const r = await cli.run('import', file);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const ev = await cli.run('--json', 'evaluate', '--device', 'minister-calls');
    const rules = (JSON.parse(ev.stdout) as { findings: JsonFinding[] }).findings.map((f) => f.rule);
    // No posture yet: sensors are unverified, never compliant.
    expect(rules).toEqual(expect.arrayContaining(['sensor.camera', 'posture.stale']));
  });

  it('names a missing file clearly', async () => {
    const r = await cli.run('import', 'no-such-file.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/FILE_UNREADABLE.*no such file/);
  });
});

describe('vigil token', () => {
  it('creates a token shown once, lists it without the secret, and revokes it', async () => {
    const created = await cli.run('--json', 'token', 'create', '--role', 'ingest', '--name', 'mdm');
    expect(created.code).toBe(0);
    const { token, record } = JSON.parse(created.stdout) as { token: string; record: { id: string } };
    expect(token).toMatch(/^vgl_/);
    const list = await cli.run('--json', 'token', 'list');
    expect(list.stdout).not.toContain(token.slice(-43)); // the secret: always the last 43 characters
    expect(list.stdout).toContain(record.id);
    expect((await cli.run('token', 'revoke', record.id)).code).toBe(0);
    expect((await cli.run('token', 'revoke', record.id)).code).toBe(2);
  });

  it('refuses an unknown role, and a token of a person’s role without its user', async () => {
    const r = await cli.run('token', 'create', '--role', 'root', '--name', 'x');
    expect(r.code).toBe(2);
    const officer = await cli.run('token', 'create', '--role', 'officer', '--name', 'x');
    expect([officer.code, officer.stderr]).toEqual([2, expect.stringMatching(/TOKEN_INVALID/)]);
  });
});

describe('vigil demo', () => {
  it('refuses to load into a database that holds people', async () => {
    const r = await cli.run('demo');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/DEMO_NOT_EMPTY/);
  });
});
