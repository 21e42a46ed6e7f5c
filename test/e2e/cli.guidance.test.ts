/**
 * A command line that guides: on a fresh data folder without the demo, an import naming a
 * baseline says how to add the baselines; `vigil init` adds them; every error prints its
 * hint; unknown names list the valid ones; `vigil doctor` says what to fix; counts read as words.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERRORS } from '../../src/core/errors.ts';
import { type CliEnv, cliEnv } from '../support/cli-env.ts';

let cli: CliEnv;

beforeAll(() => {
  cli = cliEnv();
});

afterAll(async () => {
  await cli.cleanup();
});

const FLEET = `apiVersion: vigil/v1
kind: Fleet
people:
  - { id: pm, name: Prime Minister, kind: principal, protocol: relaxed-social }
devices:
  - { id: pm-social, serial: S1, platform: ios, model: iPhone 15, ownership: issued, role: social, holderId: pm }
`;

describe('a fresh data folder without the demo', () => {
  it('an import naming a shipped baseline says how to add the baselines, then works after vigil init', async () => {
    const file = join(cli.cwd, 'fleet.yaml');
    writeFileSync(file, FLEET);
    const before = await cli.run('import', file);
    expect(before.code).toBe(2);
    expect(before.stderr).toContain('error [IMPORT_INVALID]');
    expect(before.stderr).toContain('vigil protocol add baselines/*.yaml');
    expect(before.stderr).toContain(`hint: ${ERRORS.IMPORT_INVALID.hint}`);

    const init = await cli.run('init');
    expect(init.code).toBe(0);
    expect(init.stdout).toMatch(/Added 4 baseline protocols: .*relaxed-social/);
    expect((await cli.run('init')).stdout).toContain('already stored');

    const after = await cli.run('import', file);
    expect(after.code).toBe(0);
    expect(after.stdout).toContain('Imported 1 person, 1 device,');
  }, 180_000);

  it('an unknown device prints the hint to list devices; an unknown protocol lists the stored ones', async () => {
    const device = await cli.run('device', 'show', 'nope');
    expect(device.code).toBe(2);
    expect(device.stderr).toContain('hint: List devices with `vigil device list`');
    const assign = await cli.run('person', 'assign', 'pm', 'strickt-30day');
    expect(assign.code).toBe(2);
    expect(assign.stderr).toContain('error [PROTOCOL_NOT_FOUND]');
    expect(assign.stderr).toMatch(/stored protocols: cisa-hti, nsa-mobile, relaxed-social, strict-30day/);
  }, 180_000);

  it('counts agree with their nouns', async () => {
    const r = await cli.run('evaluate');
    expect(r.stdout).toMatch(/: 1 device evaluated, 0 compliant, 1 not; 7 open findings./);
  }, 180_000);

  it('vigil --version prints the version', async () => {
    const r = await cli.run('--version');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^vigil \d+\.\d+\.\d+/);
  }, 180_000);

  it('vigil doctor reports each check and what to fix, and exits 1 on a failure', async () => {
    const ok = await cli.run('--json', 'doctor');
    const report = JSON.parse(ok.stdout) as {
      ok: boolean;
      checks: { check: string; status: string; fix?: string }[];
    };
    const names = report.checks.map((c) => c.check);
    expect(names).toEqual(
      expect.arrayContaining([
        'configuration',
        'log signing key',
        'database',
        'migrations',
        'indicator feeds',
        'evidence folder',
        'chromium',
      ]),
    );
    expect(report.checks.find((c) => c.check === 'migrations')?.status).toBe('ok');
    expect(report.checks.find((c) => c.check === 'indicator feeds')).toMatchObject({
      status: 'warn',
      fix: 'Run `vigil iocs update`.',
    });
    expect(ok.code).toBe(0);

    const withBadEvidence = await cli.runWith(
      { VIGIL_EVIDENCE_DIR: join(cli.cwd, 'no-such-folder') },
      'doctor',
    );
    expect(withBadEvidence.code).toBe(1);
    expect(withBadEvidence.stdout).toMatch(/fail\s+evidence folder/);
    expect(withBadEvidence.stdout).toContain('To fix:');
  }, 180_000);
});

describe('protocol validate', () => {
  it('prints each problem once, with its line, column and text, and no dangling parser position', async () => {
    const file = join(cli.cwd, 'bad.yaml');
    writeFileSync(file, 'apiVersion: vigil/v1\nkind: Protocol\nmetadata:\n  name: x\n   title: [\n');
    const r = await cli.run('protocol', 'validate', file);
    expect(r.code).toBe(2);
    const lines = r.stderr.split('\n').filter((l) => l.includes('bad.yaml:4:'));
    expect(lines).toHaveLength(1);
    expect(r.stderr).toContain('4 | name: x');
    expect(r.stderr).not.toMatch(/at line \d+, column \d+/);
  }, 180_000);
});
