/**
 * A past reconstructed entirely from a back-filled fleet document, on a fresh database, through
 * the real CLI: `vigil protocol add` (in force long ago), `vigil import`, then `vigil evaluate
 * --as-of` on several past days. The office, before it adopted Vigil: a principal who declined a
 * swap and missed his checks, a staff phone breached and put under an incident, a staff member's
 * personal phone sighted in the headquarters, a policy one person never acknowledged, and a
 * waiver that covered the missed checks until it lapsed.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliEnv, cliEnv } from '../support/cli-env.ts';

const DAY = 86_400_000;
// Whole hours, so that every instant of the document is comfortably in the past.
const base = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000;
const ago = (days: number) => new Date(base - days * DAY).toISOString();

const PROTOCOL = `apiVersion: vigil/v1
kind: Protocol
metadata: { name: office-past, title: The office before Vigil, version: "1" }
roles:
  calls:
    rotation: { every: P30D, grace: P3D }
    inspection: { every: P30D, grace: P3D, methods: [forensic-scan] }
  general:
    inspection: { every: P30D, grace: P3D, methods: [forensic-scan] }
facilities:
  hq: { title: Headquarters, personalDevices: banned, acknowledgement: required, policyVersion: "1" }
waivers: { maxDuration: P90D, approverRole: officer }
`;

const PRESS_IMEI = '352099001761481';

const FLEET = {
  apiVersion: 'vigil/v1',
  kind: 'Fleet',
  people: [
    { id: 'pm', name: 'Premier Ada Stone', kind: 'principal' },
    { id: 'aide', name: 'Aide Bo Lind', kind: 'staff', principalId: 'pm' },
    { id: 'press', name: 'Press Cy Marsh', kind: 'staff', principalId: 'pm' },
  ],
  assignments: [{ personId: 'pm', protocol: 'office-past', at: ago(365) }],
  devices: [
    {
      id: 'pm-calls',
      serial: 'PMCALLS01',
      platform: 'ios',
      model: 'iPhone 16',
      ownership: 'issued',
      role: 'calls',
      holderId: 'pm',
      issuedAt: ago(300),
    },
    {
      id: 'aide-phone',
      serial: 'AIDE0001',
      platform: 'android',
      model: 'Pixel 9',
      ownership: 'issued',
      role: 'general',
      holderId: 'aide',
      issuedAt: ago(200),
    },
    {
      id: 'press-personal',
      serial: 'PRESSP01',
      imei: PRESS_IMEI,
      platform: 'ios',
      model: 'iPhone 14',
      ownership: 'personal',
      role: 'general',
      statuses: [{ status: 'active', at: ago(300) }],
      custody: [{ holderId: 'press', at: ago(300) }],
      issuedAt: null,
    },
  ],
  inspections: [
    { deviceId: 'pm-calls', at: ago(300), method: 'forensic-scan', result: 'clean', performedBy: 'Tech' },
    { deviceId: 'aide-phone', at: ago(200), method: 'forensic-scan', result: 'clean', performedBy: 'Tech' },
    {
      id: 'chk-aide',
      deviceId: 'aide-phone',
      at: ago(150),
      method: 'forensic-scan',
      result: 'compromised',
      performedBy: 'Tech',
    },
  ],
  swaps: [
    {
      id: 'swap-pm',
      deviceId: 'pm-calls',
      planned: { at: ago(275), by: 'Tech' },
      dueAt: ago(267),
      stageBy: ago(270),
      steps: [{ type: 'decline', at: ago(262), by: 'Tech', declinedBy: 'pm', reason: 'inconvenient' }],
    },
  ],
  waivers: [
    {
      id: 'waiver-checks',
      rule: 'inspection.overdue',
      personId: 'pm',
      reason: 'Campaign season',
      risk: 'An implant could go unnoticed for months',
      startsAt: ago(99),
      expiresAt: ago(40),
      requested: { at: ago(100), by: 'Tech' },
      approved: { at: ago(99), by: 'Officer', role: 'officer' },
    },
  ],
  incidents: [
    {
      id: 'inc-aide',
      deviceIds: ['aide-phone'],
      compromise: 'confirmed',
      summary: 'Mercenary spyware on the aide’s phone',
      inspectionId: 'chk-aide',
      opened: { at: ago(140), by: 'Officer' },
      steps: [{ stepId: 'quarantine', status: 'done', at: ago(140), by: 'Tech' }],
    },
  ],
  detections: [
    { facility: 'hq', identifier: `imei:${PRESS_IMEI}`, at: ago(20), source: 'gate' },
    { facility: 'hq', identifier: `imei:${PRESS_IMEI}`, at: ago(10), source: 'gate' },
  ],
  acknowledgements: [
    { personId: 'pm', facility: 'hq', at: ago(200) },
    { personId: 'aide', facility: 'hq', at: ago(200) },
  ],
};

interface Finding {
  rule: string;
  status: string;
  deviceId: string | null;
  personId: string | null;
}

let cli: CliEnv;
let importedAt = 0;

beforeAll(async () => {
  cli = cliEnv();
  writeFileSync(join(cli.cwd, 'office.yaml'), PROTOCOL);
  const added = await cli.run('protocol', 'add', 'office.yaml', '--effective-at', ago(400));
  expect(added.stderr).toBe('');
  writeFileSync(join(cli.cwd, 'fleet.json'), JSON.stringify(FLEET));
  importedAt = Date.now();
  const imported = await cli.run('--json', 'import', 'fleet.json');
  expect(imported.stderr).toBe('');
  expect(JSON.parse(imported.stdout)).toMatchObject({
    people: 3,
    devices: 3,
    swaps: 1,
    waivers: 1,
    incidents: 1,
    detections: 2,
    acknowledgements: 2,
  });
}, 120_000);
afterAll(() => cli?.cleanup());

async function findingsAsOf(days: number | null, knownAt?: string): Promise<Finding[]> {
  const argv = days === null ? ['--json', 'evaluate'] : ['--json', 'evaluate', '--as-of', ago(days)];
  if (knownAt !== undefined) argv.push('--known-at', knownAt);
  const r = await cli.run(...argv);
  expect(r.stderr).toBe('');
  return (JSON.parse(r.stdout) as { findings: Finding[] }).findings;
}

const open = (fs: Finding[], who: string) =>
  fs
    .filter((f) => f.status === 'open' && (f.deviceId === who || f.personId === who))
    .map((f) => f.rule)
    .sort();

describe('a past back-filled from a fleet document', () => {
  it('before anything was due, the principal’s calls phone has no finding', async () => {
    const fs = await findingsAsOf(280);
    expect(open(fs, 'pm-calls')).toEqual([]);
  });

  it('after the declined swap, the swap and the check are overdue and the refusal is unwaived', async () => {
    const fs = await findingsAsOf(250);
    expect(open(fs, 'pm-calls')).toEqual(
      expect.arrayContaining(['inspection.overdue', 'refusal.unwaived', 'rotation.overdue']),
    );
  });

  it('the staff phone breached before the office adopted Vigil: a failed check, then under incident', async () => {
    expect(open(await findingsAsOf(145), 'aide-phone')).toContain('inspection.failed');
    // Once the incident is opened the phone is quarantined: out of every workflow, not evaluated.
    expect(open(await findingsAsOf(130), 'aide-phone')).toEqual([]);
  });

  it('the waiver covers the overdue check while it runs; once lapsed, the finding is open again', async () => {
    const during = await findingsAsOf(60);
    const check = during.find((f) => f.deviceId === 'pm-calls' && f.rule === 'inspection.overdue');
    expect(check?.status).toBe('waived');
    expect(open(during, 'pm-calls')).not.toContain('waiver.expired');
    const after = await findingsAsOf(30);
    expect(open(after, 'pm-calls')).toEqual(expect.arrayContaining(['inspection.overdue', 'waiver.expired']));
  });

  it('the personal phone sighted in the headquarters, and only after it was', async () => {
    expect(open(await findingsAsOf(25), 'press-personal')).not.toContain('zone.personal-device');
    expect(open(await findingsAsOf(15), 'press-personal')).toContain('zone.personal-device');
    expect(open(await findingsAsOf(5), 'press-personal')).toContain('zone.personal-device');
  });

  it('who had not acknowledged the headquarters policy, day by day', async () => {
    const unacked = async (days: number) =>
      (await findingsAsOf(days))
        .filter((f) => f.rule === 'policy.unacknowledged' && f.status === 'open')
        .map((f) => f.personId)
        .sort();
    // People count from the first fact the document gives them (their since).
    expect(await unacked(250)).toEqual(['pm', 'press']);
    expect(await unacked(100)).toEqual(['press']);
    expect(await unacked(5)).toEqual(['press']);
  });

  it('as known before the import, nothing back-filled is known: no finding on any of those days', async () => {
    // Just before the import ran: the protocol was stored, the office's past not yet.
    const before = new Date(importedAt - 1).toISOString();
    for (const days of [250, 145, 60, 30, 5]) {
      expect(await findingsAsOf(days, before)).toEqual([]);
    }
    // The same days as known now show them (above); as known just after the import, too.
    const after = new Date(Date.now()).toISOString();
    expect(open(await findingsAsOf(250, after), 'pm-calls')).toContain('refusal.unwaived');
  });
});
