/**
 * `vigil audit key | checkpoint | export | verify` in process, on a real database, and
 * `verify --server` against a live HTTP server.
 */
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSignerKey, signerKeyFromSeed } from '../../src/core/audit/tlog/note.ts';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { type CliEnv, cliEnv } from '../support/cli-env.ts';

let cli: CliEnv;
beforeAll(() => {
  cli = cliEnv();
});
afterAll(async () => {
  await cli.cleanup();
});

describe('vigil audit', () => {
  it('key: creates the signing key once, mode 0600, and prints the same verifier key each time', async () => {
    const a = await cli.run('audit', 'key');
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toMatch(/^vigil\.local\/audit-log\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$/);
    const keyFile = join(cli.cwd, '.vigil', 'log-signing.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyFile, 'utf8')).toMatch(/^PRIVATE\+KEY\+vigil\.local\/audit-log\+/);
    expect((await cli.run('audit', 'key')).stdout).toBe(a.stdout);
    // The secret never reaches the output.
    expect(a.stdout).not.toContain('PRIVATE');
  });

  it('checkpoint, export and verify: the exported bundle verifies, and --since a saved checkpoint', async () => {
    const vkey = (await cli.run('audit', 'key')).stdout;
    expect((await cli.run('person', 'add', '--name', 'Ada', '--kind', 'principal')).code).toBeLessThan(3);
    const cp = await cli.run('--json', 'audit', 'checkpoint');
    expect(cp.code, cp.stderr).toBe(0);
    const first = JSON.parse(cp.stdout) as { note: string; size: number };
    expect(first.note.split('\n')[0]).toBe('vigil.local/audit-log');

    const exported = await cli.run('audit', 'export', '--out', 'bundle.json');
    expect(exported.code, exported.stderr).toBe(0);
    const v = await cli.run(
      'audit',
      'verify',
      '--bundle',
      'bundle.json',
      '--key',
      vkey,
      '--save',
      'seen.note',
    );
    expect(v.code, v.stdout + v.stderr).toBe(0);
    expect(v.stdout).toMatch(/^verified: vigil\.local\/audit-log size \d+ root /);
    expect(readFileSync(join(cli.cwd, 'seen.note'), 'utf8')).toMatch(/^vigil\.local\/audit-log\n\d+\n/);

    // The export was itself recorded; the next export covers it, and extends the saved one.
    const again = await cli.run('audit', 'export', '--out', 'bundle2.json');
    expect(again.code).toBe(0);
    const bundle = JSON.parse(readFileSync(join(cli.cwd, 'bundle2.json'), 'utf8')) as {
      entries: { entry: string }[];
    };
    expect(bundle.entries.some((e) => JSON.parse(e.entry).type === 'audit.exported')).toBe(true);
    const v2 = await cli.run(
      'audit',
      'verify',
      '--bundle',
      'bundle2.json',
      '--key',
      vkey,
      '--since',
      'seen.note',
    );
    expect(v2.code, v2.stdout).toBe(0);

    // Trusting another key fails (exit 1).
    const other = 'vigil.local/audit-log+00000000+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k';
    expect((await cli.run('audit', 'verify', '--bundle', 'bundle2.json', '--key', other)).code).toBe(1);
  }, 180_000);

  it('verify: bad input exits 2', async () => {
    expect((await cli.run('audit', 'verify')).code).toBe(2);
    expect((await cli.run('audit', 'verify', '--bundle', 'missing.json')).code).toBe(2);
    writeFileSync(join(cli.cwd, 'junk.json'), '{"format":"something"}');
    const junk = await cli.run('audit', 'verify', '--bundle', 'junk.json');
    expect(junk.code).toBe(2);
    expect(junk.stderr).toMatch(/AUDIT_BUNDLE_INVALID/);
    expect((await cli.run('audit', 'verify', '--server', 'http://127.0.0.1:1')).code).toBe(2); // no token
  });

  it('refuses to start with a key file others can read, or a malformed one', async () => {
    const keyFile = join(cli.cwd, '.vigil', 'log-signing.key');
    await cli.run('audit', 'key');
    chmodSync(keyFile, 0o644);
    const loose = await cli.run('audit', 'checkpoint');
    expect(loose.code).toBe(2);
    expect(loose.stderr).toMatch(/AUDIT_KEY_FILE_INVALID.*chmod 600/);
    const original = readFileSync(keyFile, 'utf8');
    chmodSync(keyFile, 0o600);
    writeFileSync(keyFile, 'PRIVATE+KEY+vigil.local/audit-log+00000000+AAAA\n');
    const malformed = await cli.run('person', 'list');
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/AUDIT_KEY_FILE_INVALID/);
    writeFileSync(keyFile, original);
    expect((await cli.run('person', 'list')).code).toBe(0);
  }, 120_000);
});

describe('vigil audit verify --server', () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await buildTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  afterAll(() => t?.close());

  it('fetches the checkpoint and every entry (paged) and verifies them', async () => {
    // More than one page of entries.
    await t.services.auditLog.checkpoint();
    for (let i = 0; i < 3; i++) {
      await t.services.inventory.createPerson({ name: `P${i}`, kind: 'staff' }, 'test');
    }
    const cp = await t.services.auditLog.checkpoint();
    const vkey = t.services.auditLog.verifierKey();
    const r = await cli.run(
      'audit',
      'verify',
      '--server',
      base,
      '--token',
      t.admin,
      '--key',
      vkey,
      '--save',
      'srv.note',
    );
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(`size ${cp.size}`);
    await t.services.inventory.createPerson({ name: 'Later', kind: 'staff' }, 'test');
    await t.services.auditLog.checkpoint();
    const r2 = await cli.run(
      'audit',
      'verify',
      '--server',
      base,
      '--token',
      t.admin,
      '--key',
      vkey,
      '--since',
      'srv.note',
    );
    expect(r2.code, r2.stdout + r2.stderr).toBe(0);
    const denied = await cli.run('audit', 'verify', '--server', base, '--token', 'nope', '--key', vkey);
    expect(denied.code).toBe(2);

    // After a rotation, the old key still verifies the server's log through its key history.
    const { skey, vkey: next } = signerKeyFromSeed(t.services.auditLog.origin, new Uint8Array(32).fill(7));
    await t.services.auditLog.rotateKey({ signer: parseSignerKey(skey), verifierKey: next }, 'test');
    await t.services.auditLog.checkpoint();
    const r3 = await cli.run(
      'audit',
      'verify',
      '--server',
      base,
      '--token',
      t.admin,
      '--key',
      vkey,
      '--since',
      'srv.note',
    );
    expect(r3.code, r3.stdout + r3.stderr).toBe(0);
    expect(r3.stdout).toContain('KEY_ROTATED');
  });
});
