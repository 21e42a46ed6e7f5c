/**
 * `vigil protocol compile` end to end on the demo office: the protocols its people are held to,
 * compiled for every target from the database (DDM's update aimed at the newest iOS release the
 * demo recorded), written to a folder with each file's SHA-256, explained, and refused clearly.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENFORCEMENT_TARGETS } from '../../src/core/enforcement/index.ts';
import { type CliEnv, cliEnv } from '../support/cli-env.ts';

let cli: CliEnv;

beforeAll(async () => {
  cli = cliEnv();
  const r = await cli.run('demo');
  expect(r.code, r.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  await cli.cleanup();
});

interface Compiled {
  protocol: string;
  target: string;
  artifacts: { role: string; file: string; sha256: string; content?: string }[];
  coverage: { role: string; setting: string; level: string }[];
}

describe('vigil protocol compile', () => {
  for (const protocol of ['strict-30day', 'relaxed-social'])
    for (const target of ENFORCEMENT_TARGETS)
      it(`${protocol} for ${target}: files with their SHA-256, the same twice`, async () => {
        const out = `out-${protocol}-${target}`;
        const r = await cli.run('--json', 'protocol', 'compile', protocol, '--target', target, '--out', out);
        expect(r.code, r.stderr).toBe(0);
        const compiled = JSON.parse(r.stdout) as Compiled;
        expect(compiled.artifacts.length).toBeGreaterThan(0);
        for (const a of compiled.artifacts) {
          const bytes = readFileSync(join(cli.cwd, out, a.file), 'utf8');
          expect(createHash('sha256').update(bytes).digest('hex')).toBe(a.sha256);
        }
        const again = JSON.parse(
          (await cli.run('--json', 'protocol', 'compile', protocol, '--target', target, '--out', out)).stdout,
        ) as Compiled;
        expect(again.artifacts).toEqual(compiled.artifacts);
      });

  it('aims the DDM update at the newest iOS release recorded', async () => {
    const r = await cli.run(
      '--json',
      'protocol',
      'compile',
      'strict-30day',
      '--target',
      'apple-ddm',
      '--role',
      'calls',
    );
    expect(r.code, r.stderr).toBe(0);
    const [a] = (JSON.parse(r.stdout) as Compiled).artifacts;
    const decls = JSON.parse(a?.content ?? '[]') as { Type: string; Payload: { TargetOSVersion?: string } }[];
    const update = decls.find(
      (d) => d.Type === 'com.apple.configuration.softwareupdate.enforcement.specific',
    );
    const releases = JSON.parse((await cli.run('--json', 'os-release', 'list')).stdout) as {
      platform: string;
      version: string;
    }[];
    expect(releases.filter((x) => x.platform === 'ios').map((x) => x.version)).toContain(
      update?.Payload.TargetOSVersion,
    );
  });

  it('prints one artifact to stdout and explains coverage honestly', async () => {
    const profile = await cli.run(
      'protocol',
      'compile',
      'strict-30day',
      '--target',
      'apple-profile',
      '--role',
      'calls',
    );
    expect(profile.code, profile.stderr).toBe(0);
    expect(profile.stdout).toContain('<key>allowCamera</key>');
    const explain = await cli.run(
      'protocol',
      'compile',
      'strict-30day',
      '--target',
      'apple-profile',
      '--role',
      'calls',
      '--explain',
    );
    expect(explain.code, explain.stderr).toBe(0);
    expect(explain.stdout).toMatch(/sensors\.microphone\s+apple-profile\s+attested/);
    expect(explain.stdout).toMatch(/sensors\.camera\s+apple-profile\s+enforced/);
    // Intune compiles for iOS and for fully managed Android: a row for each.
    const intune = await cli.run(
      'protocol',
      'compile',
      'strict-30day',
      '--target',
      'intune',
      '--role',
      'calls',
      '--out',
      'out-intune-explain',
      '--explain',
    );
    expect(intune.code, intune.stderr).toBe(0);
    expect(intune.stdout).toContain('strict-30day-calls.intune-android-restrictions.json');
    expect(intune.stdout).toMatch(/sensors\.camera\s+intune\s+enforced/);
    expect(intune.stdout).toMatch(/sensors\.camera\s+intune-android\s+enforced\s+`cameraBlocked`/);
  });

  it('refuses a missing target, an unknown protocol and several artifacts on stdout', async () => {
    expect((await cli.run('protocol', 'compile', 'strict-30day')).code).toBe(2);
    expect((await cli.run('protocol', 'compile', 'strict-30day', '--target', 'blackberry')).code).toBe(2);
    const unknown = await cli.run('protocol', 'compile', 'no-such-protocol', '--target', 'amapi');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('PROTOCOL_NOT_FOUND');
    const several = await cli.run('protocol', 'compile', 'strict-30day', '--target', 'intune');
    expect(several.code).toBe(2);
    expect(several.stderr).toContain('--out');
  });

  it('signs the Apple profile with a key pair from files; openssl verifies it and finds the profile', async () => {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=Vigil office'].concat([
        '-keyout',
        join(cli.cwd, 'sign.key'),
        '-out',
        join(cli.cwd, 'sign.crt'),
      ]),
      { stdio: 'pipe' },
    );
    const args = ['protocol', 'compile', 'strict-30day', '--target', 'apple-profile', '--role', 'calls'];
    const plain = await cli.run(...args);
    expect(plain.code, plain.stderr).toBe(0);
    const r = await cli.run(
      '--json',
      ...args,
      '--out',
      'signed',
      '--sign-cert',
      'sign.crt',
      '--sign-key',
      'sign.key',
    );
    expect(r.code, r.stderr).toBe(0);
    const [a] = (JSON.parse(r.stdout) as Compiled).artifacts as unknown as [
      { file: string; sha256: string; signedSha256: string },
    ];
    const file = join(cli.cwd, 'signed', a.file);
    expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(a.signedSha256);
    const content = execFileSync(
      'openssl',
      ['smime', '-verify', '-inform', 'DER', '-noverify', '-in', file],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    expect(content.toString('utf8')).toBe(`${plain.stdout}\n`);
    expect(createHash('sha256').update(content).digest('hex')).toBe(a.sha256);
    const otherTarget = await cli.run(
      ...args.slice(0, 4),
      'intune',
      '--out',
      'x',
      '--sign-cert',
      'sign.crt',
      '--sign-key',
      'sign.key',
    );
    expect(otherTarget.code).toBe(2);
    expect((await cli.run(...args, '--sign-cert', 'sign.crt', '--sign-key', 'sign.key')).stderr).toContain(
      '--out',
    );
    expect((await cli.run(...args, '--out', 'y', '--sign-cert', 'sign.crt')).code).toBe(2);
  });
});
