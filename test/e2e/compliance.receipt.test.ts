/**
 * Compliance receipts end to end on the demo office: written through the HTTP API and by
 * `vigil evaluate --receipt`, verified by `node bin/vigil.js receipt verify` in a fresh process
 * with no database configured and an empty data directory (which it must leave empty), and
 * refused once tampered with.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBaselines } from '../../src/runtime.ts';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { type CliEnv, cliEnv } from '../support/cli-env.ts';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'vigil.js');
let t: TestApp;
let dir: string;

beforeAll(async () => {
  t = await buildTestApp();
  await t.services.demo.load(readBaselines(), 'test');
  dir = mkdtempSync(join(tmpdir(), 'vigil-receipt-'));
}, 60_000);

afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

/** `vigil receipt verify` in a new process: no DATABASE_URL, an empty data directory. */
function verify(file: string, key: string) {
  const data = mkdtempSync(join(tmpdir(), 'vigil-receipt-data-'));
  const { DATABASE_URL: _, DATABASE_SCHEMA: __, ...env } = process.env;
  const r = spawnSync(process.execPath, [bin, 'receipt', 'verify', file, '--key', key], {
    cwd: dir,
    env: { ...env, VIGIL_DATA_DIR: data, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const left = readdirSync(data);
  rmSync(data, { recursive: true, force: true });
  return { code: r.status, out: `${r.stdout}${r.stderr}`, left };
}

describe('GET /api/v1/compliance/receipt', () => {
  it('writes a receipt that verifies offline in a fresh process, and not once tampered with', async () => {
    const cp = await t.call('GET', '/api/v1/audit/checkpoint');
    const key = (cp.json() as { verifierKey: string }).verifierKey;
    const auditor = await t.token('auditor');
    const res = await t.call('GET', '/api/v1/compliance/receipt?personId=premier', { token: auditor });
    expect(res.statusCode, res.body).toBe(200);
    const receipt = res.json() as { person: string; findings: { rule: string }[]; facts: unknown[] };
    expect(receipt.person).toBe('premier');
    expect(receipt.findings.length).toBeGreaterThan(0);

    // The findings are those the compliance API reports for the same instant and person.
    const asOf = (receipt as unknown as { asOf: string }).asOf;
    const findings = await t.call('GET', `/api/v1/compliance/findings?personId=premier&asOf=${asOf}`);
    expect(receipt.findings.map((f) => f.rule).sort()).toEqual(
      (findings.json() as { findings: { rule: string }[] }).findings.map((f) => f.rule).sort(),
    );

    writeFileSync(join(dir, 'receipt.json'), res.body);
    const ok = verify('receipt.json', key);
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toMatch(/^verified: premier as of /);
    expect(ok.left).toEqual([]); // no database was created

    // The key may also be given as a file.
    writeFileSync(join(dir, 'log.vkey'), `${key}\n`);
    expect(verify('receipt.json', 'log.vkey').code).toBe(0);

    const tampered = JSON.parse(res.body) as { findings: unknown[] };
    tampered.findings.pop();
    writeFileSync(join(dir, 'tampered.json'), JSON.stringify(tampered));
    const bad = verify('tampered.json', key);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('RECEIPT_DIGEST_MISMATCH');

    const otherKey = 'vigil.local/audit-log+00000000+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k';
    const wrongKey = verify('receipt.json', otherKey);
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.out).toContain('RECEIPT_SIGNATURE_INVALID');
  }, 120_000);

  it('an unknown person is 404', async () => {
    const res = await t.call('GET', '/api/v1/compliance/receipt?personId=nobody');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: 'PERSON_NOT_FOUND' } });
  });
});

describe('vigil evaluate --receipt', () => {
  let cli: CliEnv;
  beforeAll(() => {
    cli = cliEnv();
  });
  afterAll(async () => {
    await cli.cleanup();
  });

  it('writes a fleet receipt as of a past instant that verifies offline', async () => {
    expect((await cli.run('demo')).code).toBe(0);
    const key = (await cli.run('audit', 'key')).stdout.trim();
    const asOf = new Date(Date.now() - 7 * 86_400_000).toISOString();
    const r = await cli.run('evaluate', '--as-of', asOf, '--receipt', 'fleet.json');
    expect(r.code, r.stderr).toBeLessThan(2);
    expect(r.stderr).toMatch(/Receipt written to fleet\.json: \d+ facts/);
    const file = join(cli.cwd, 'fleet.json');
    const receipt = JSON.parse(readFileSync(file, 'utf8')) as { asOf: string; person: null };
    expect(receipt).toMatchObject({ asOf, person: null });
    const ok = verify(file, key);
    expect(ok.code, ok.out).toBe(0);

    const usage = await cli.run('evaluate', '--protocol', 'strict-30day', '--receipt', 'x.json');
    expect(usage.code).toBe(2);
  }, 180_000);
});
