/**
 * `vigil intel` and `vigil mdm` end to end on the demo office: feed imports from files (and
 * their refusal), an MDM export as CSV, and an attestation by a named person.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliEnv, cliEnv } from '../support/cli-env.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
let cli: CliEnv;

beforeAll(async () => {
  cli = cliEnv();
  const r = await cli.run('demo');
  expect(r.code, r.stderr).toBe(0);
}, 120_000);
afterAll(() => cli?.cleanup());

describe('vigil intel', () => {
  it('imports the SOFA feed and the KEV catalog from files, and reports what it knows', async () => {
    const sofa = await cli.run(
      '--json',
      'intel',
      'import',
      'sofa',
      join(FIXTURES, 'intel', 'sofa_ios_data_feed.json'),
    );
    expect(sofa.code, sofa.stderr).toBe(0);
    expect(JSON.parse(sofa.stdout)).toMatchObject({ kind: 'sofa', origin: 'file', releases: 70 });
    const kev = await cli.run(
      'intel',
      'import',
      'kev',
      join(FIXTURES, 'intel', 'known_exploited_vulnerabilities.json'),
    );
    expect(kev.code, kev.stderr).toBe(0);
    expect(kev.stdout).toMatch(
      /^Imported kev from file: 0 releases, 0 CVE fixes, 1,404 KEV entries \(version 2025\.08\.25\)\.$/,
    );
    const status = await cli.run('--json', 'intel', 'status');
    expect(JSON.parse(status.stdout)).toMatchObject({ kev: 1404 });
  });

  it('refuses a malformed file (exit 2, the field named), a bad kind, and an update with no URL', async () => {
    writeFileSync(join(cli.cwd, 'bad.json'), JSON.stringify({ catalogVersion: 'x', vulnerabilities: [{}] }));
    const bad = await cli.run('intel', 'import', 'kev', 'bad.json');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/INTEL_FEED_INVALID/);
    expect(bad.stderr).toMatch(/vulnerabilities\.0\.cveID/);
    expect((await cli.run('intel', 'import', 'nvd', 'bad.json')).code).toBe(2);
    const update = await cli.run('intel', 'update');
    expect(update.code).toBe(2);
    expect(update.stderr).toMatch(/INTEL_SOURCE_UNCONFIGURED/);
  });
});

describe('vigil mdm', () => {
  it('imports a CSV export, skips it the second time, and records an attestation', async () => {
    writeFileSync(
      join(cli.cwd, 'export.csv'),
      'serial,observed_at,os_version,camera\nDMQX57RT2F9M,2026-11-20T08:00:00Z,18.7.10,disabled\nUNKNOWN-1,,26.1,\n',
    );
    const first = await cli.run('--json', 'mdm', 'import', 'csv', 'export.csv');
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ recorded: 1, unmatched: 1 });
    const again = await cli.run('mdm', 'import', 'csv', 'export.csv');
    expect(again.stdout).toBe(
      'csv: 0 posture reports recorded, 1 already known, 1 unknown device (2 observations).',
    );
    const attest = await cli.run(
      'mdm',
      'attest',
      'premier-calls',
      '--sensor',
      'microphone',
      '--state',
      'disabled',
      '--by',
      'J. Smith (security officer)',
    );
    expect(attest.code, attest.stderr).toBe(0);
    expect(attest.stdout).toMatch(
      /^Recorded attestation pos_\w+: microphone disabled on premier-calls, attested by J\. Smith/,
    );
    expect(
      (await cli.run('mdm', 'attest', 'premier-calls', '--sensor', 'gps', '--state', 'disabled', '--by', 'x'))
        .code,
    ).toBe(2);
    expect((await cli.run('mdm', 'import', 'nope', 'export.csv')).code).toBe(2);
    const none = await cli.run('mdm', 'pull');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/INTEL_SOURCE_UNCONFIGURED.*VIGIL_INTUNE_URL, VIGIL_JAMF_URL/);
  });

  it('pulls only the named sources, choices from the connector registry', async () => {
    const unconfigured = await cli.run('mdm', 'pull', 'fleet');
    expect(unconfigured.code).toBe(2);
    expect(unconfigured.stderr).toMatch(
      /INTEL_SOURCE_UNCONFIGURED.*the fleet pull is not configured \(VIGIL_FLEET_URL\)/,
    );
    // CSV has no pull, so it is not a choice; nor is an unknown name.
    expect((await cli.run('mdm', 'pull', 'csv')).code).toBe(2);
    expect((await cli.run('mdm', 'pull', 'intune', 'nope')).code).toBe(2);
  });
});
