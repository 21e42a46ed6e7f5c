/**
 * `vigil incident|detection|ack|zones` on the demo office: the chief of staff's incident with
 * its playbook half done, two staff personal phones seen in the main building, one staff member
 * who has not acknowledged the policy; and the commands that move them on.
 */
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
  deviceId: string | null;
  personId: string | null;
  rule: string;
}

describe('the demo office', () => {
  it('has the chief of staff’s incident with its playbook half done, and the phone quarantined', async () => {
    const list = await cli.run('--json', 'incident', 'list');
    expect(list.code).toBe(0);
    const incidents = JSON.parse(list.stdout) as {
      id: string;
      status: string;
      steps: { id: string; status: string }[];
    }[];
    expect(incidents).toHaveLength(1);
    const inc = incidents[0];
    expect(inc?.status).toBe('containing');
    expect(Object.fromEntries(inc?.steps.map((s) => [s.id, s.status]) ?? [])).toEqual({
      quarantine: 'done',
      replacement: 'done',
      'revoke-accounts': 'pending',
      'forensic-copy': 'in-progress',
      'notify-officer': 'done',
    });
    const show = await cli.run('incident', 'show', 'inc-chief-personal');
    expect(show.stdout).toMatch(/CONTAINING/);
    expect(show.stdout).toMatch(/Timeline:/);
    const device = JSON.parse((await cli.run('--json', 'device', 'show', 'chief-personal')).stdout);
    expect(device.device.status).toBe('quarantined');
  });

  it('reports two staff personal phones in the main building and one unacknowledged policy', async () => {
    const r = await cli.run('--json', 'evaluate');
    const findings = (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings;
    const zone = findings.filter((f) => f.rule === 'zone.personal-device');
    expect(zone.map((f) => [f.deviceId, f.personId]).sort()).toEqual([
      ['aide-personal', 'policy-aide'],
      ['press-personal', 'press-secretary'],
    ]);
    const unacked = findings.filter((f) => f.rule === 'policy.unacknowledged');
    expect(unacked.map((f) => f.personId)).toEqual(['policy-aide']);
    const text = await cli.run('evaluate');
    expect(text.stdout).toMatch(/People and facilities:/);
    expect(text.stdout).toMatch(/Sam Okafor:\n\s+MEDIUM\s+policy\.unacknowledged/);
    expect(text.stdout).toMatch(/Riley Chen \(press-personal\):\n\s+HIGH\s+zone\.personal-device/);
    const detections = await cli.run('detection', 'list', '--facility', 'main-building');
    expect(detections.code).toBe(0);
    expect(detections.stdout).toMatch(/press-personal/);
    const zones = await cli.run('zones');
    expect(zones.stdout).toMatch(
      /main-building\s+Main building\s+relaxed-social\s+banned\s+required\s+relaxed-social@2026.1/,
    );
  });
});

describe('commands', () => {
  it('acknowledges for the aide and the finding resolves', async () => {
    const ack = await cli.run('ack', 'record', '--person', 'policy-aide', '--facility', 'main-building');
    expect(ack.code, ack.stderr).toBe(0);
    expect(ack.stdout).toMatch(/Recorded: policy-aide acknowledged main-building relaxed-social@2026.1/);
    const again = await cli.run('ack', 'record', '--person', 'policy-aide', '--facility', 'main-building');
    expect(again.stdout).toMatch(/Already recorded/);
    const findings = (JSON.parse((await cli.run('--json', 'evaluate')).stdout) as { findings: JsonFinding[] })
      .findings;
    expect(findings.filter((f) => f.rule === 'policy.unacknowledged')).toEqual([]);
    const list = await cli.run('ack', 'list', '--person', 'policy-aide');
    expect(list.stdout).toMatch(/relaxed-social@2026.1/);
  });

  it('finishes the playbook and closes the incident; bad input exits 2', async () => {
    const early = await cli.run(
      'incident',
      'close',
      'inc-chief-personal',
      '--resolution',
      'retained',
      '--closer',
      'alex-reyes',
    );
    expect(early.code).toBe(2);
    expect(early.stderr).toMatch(/INCIDENT_NOT_CONTAINED/);
    const skip = await cli.run('incident', 'step', 'inc-chief-personal', 'revoke-accounts', 'skipped');
    expect(skip.code).toBe(2);
    expect(skip.stderr).toMatch(/INCIDENT_STEP_INVALID/);
    expect(
      (
        await cli.run(
          'incident',
          'step',
          'inc-chief-personal',
          'revoke-accounts',
          'skipped',
          '--reason',
          'Personal accounts: the holder reset them',
        )
      ).code,
    ).toBe(0);
    const done = await cli.run('incident', 'step', 'inc-chief-personal', 'forensic-copy', 'done');
    expect(done.stdout).toMatch(/incident inc-chief-personal is contained/);
    const close = await cli.run(
      'incident',
      'close',
      'inc-chief-personal',
      '--resolution',
      'retained',
      '--note',
      'Evidence',
      '--closer',
      'alex-reyes',
    );
    expect(close.code, close.stderr).toBe(0);
    const device = JSON.parse((await cli.run('--json', 'device', 'show', 'chief-personal')).stdout);
    expect(device.device.status).toBe('retired');
    expect(
      (await cli.run('incident', 'open', '--device', 'nope', '--compromise', 'maybe', '--summary', 'x')).code,
    ).toBe(2);
  });

  it('records a detection from the command line', async () => {
    const r = await cli.run(
      'detection',
      'record',
      '--facility',
      'main-building',
      '--identifier',
      'serial:PERS-AIDE-01',
      '--source',
      'desk',
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/aide-personal, held by policy-aide\).*VIOLATION/);
    expect(
      (await cli.run('detection', 'record', '--facility', 'nowhere', '--identifier', 'imei:123456789012345'))
        .code,
    ).toBe(2);
  });
});
