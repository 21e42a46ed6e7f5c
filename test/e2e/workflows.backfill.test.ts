/**
 * Back-filling from the command line over a real database: an office entered today from paper
 * records declares last spring's breach (`incident open --at`), records an acknowledgement and
 * a waiver's approval as of then (`ack record --at`, `waiver approve --at`), and a bad instant
 * fails with its stable code.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliEnv, cliEnv } from '../support/cli-env.ts';

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

const PROTOCOL = `apiVersion: vigil/v1
kind: Protocol
metadata: { name: cli-backfill, title: CLI back-fill, version: "1" }
roles:
  general: { rotation: { every: P90D } }
waivers: { maxDuration: P30D, approverRole: officer }
facilities:
  main-building: { title: Main building, personalDevices: banned, acknowledgement: required }
`;

let cli: CliEnv;

const ok = async (...argv: string[]) => {
  const r = await cli.run('--json', ...argv);
  expect(r.stderr, argv.join(' ')).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
};

beforeAll(async () => {
  cli = cliEnv();
  writeFileSync(join(cli.cwd, 'protocol.yaml'), PROTOCOL);
  await ok('protocol', 'add', 'protocol.yaml', '--effective-at', ago(400));
  await ok('person', 'add', '--id', 'pm', '--name', 'Pat Principal', '--kind', 'principal');
  // The requester and the approver are users, each a person of the security office.
  for (const [id, role] of [
    ['kit', 'technician'],
    ['alex', 'officer'],
  ] as const) {
    await ok('person', 'add', '--id', id, '--name', id, '--kind', 'operator');
    await ok('user', 'create', '--username', id, '--name', id, '--role', role, '--person', id);
  }
  // Under the protocol, and issued the phone, 300 days ago, as the paper records say.
  await ok('person', 'assign', 'pm', 'cli-backfill', '--at', ago(300));
  await ok(
    ...['device', 'add', '--id', 'pm-phone', '--serial', 'SN-PM-1', '--platform', 'ios'],
    ...['--model', 'iPhone 16', '--ownership', 'issued', '--role', 'general', '--holder', 'pm'],
    ...['--issued-at', ago(300)],
  );
}, 120_000);
afterAll(() => cli?.cleanup());

describe('back-filling from the command line', () => {
  it('declares last spring’s breach as of then; a future or unreadable instant is refused', async () => {
    const future = await cli.run(
      ...['incident', 'open', '--device', 'pm-phone', '--compromise', 'confirmed', '--summary', 'x'],
      ...['--at', new Date(Date.now() + DAY).toISOString()],
    );
    expect([future.code, future.stderr]).toEqual([2, expect.stringMatching(/INSTANT_IN_FUTURE/)]);
    const early = await cli.run(
      ...['incident', 'open', '--device', 'pm-phone', '--compromise', 'confirmed', '--summary', 'x'],
      ...['--at', ago(301)],
    );
    expect(early.stderr).toMatch(/INSTANT_BEFORE_SUBJECT/);
    const garbled = await cli.run(
      ...['incident', 'open', '--device', 'pm-phone', '--compromise', 'confirmed', '--summary', 'x'],
      ...['--at', 'last spring'],
    );
    expect(garbled.stderr).toMatch(/VALIDATION_FAILED/);

    const at = ago(200);
    const incident = await ok(
      ...['incident', 'open', '--device', 'pm-phone', '--person', 'pm', '--compromise', 'confirmed'],
      ...['--summary', 'Spyware found in a paper audit', '--at', at],
    );
    expect(incident.openedAt).toBe(at);
    expect(Date.parse(incident.recordedAt)).toBeGreaterThan(Date.now() - DAY);
    const step = incident.steps[0].id as string;
    const outOfOrder = await cli.run('incident', 'step', incident.id, step, 'done', '--at', ago(201));
    expect(outOfOrder.stderr).toMatch(/TRANSITION_OUT_OF_ORDER/);
    const done = await ok('incident', 'step', incident.id, step, 'done', '--at', ago(199));
    expect(Date.parse(done.steps[0].at)).toBeLessThan(Date.now() - 198 * DAY);
  });

  it('records an acknowledgement as of then', async () => {
    const at = ago(150);
    const ack = await ok('ack', 'record', '--person', 'pm', '--facility', 'main-building', '--at', at);
    expect(ack.at).toBe(at);
    const listed = await ok('ack', 'list', '--person', 'pm');
    expect(listed.map((a: { at: string }) => a.at)).toEqual([at]);
  });

  it('approves a waiver as of then; an approval before the request is out of order', async () => {
    const requestedAt = ago(100);
    const w = await ok(
      ...['waiver', 'request', '--rule', 'rotation.overdue', '--device', 'pm-phone'],
      ...['--reason', 'Travelling', '--risk', 'Low', '--expires', ago(80), '--as', 'kit'],
      ...['--at', requestedAt],
    );
    expect(w).toMatchObject({ state: 'requested', requestedAt });
    const early = await cli.run('waiver', 'approve', w.id, '--approver', 'alex', '--at', ago(101));
    expect([early.code, early.stderr]).toEqual([2, expect.stringMatching(/TRANSITION_OUT_OF_ORDER/)]);
    const approvedAt = ago(99);
    const approved = await ok('waiver', 'approve', w.id, '--approver', 'alex', '--at', approvedAt);
    expect(approved).toMatchObject({ state: 'approved', approvedBy: 'cli:alex', approvedAt });
    expect(Date.parse(approved.approvalRecordedAt)).toBeGreaterThan(Date.now() - DAY);
  });
});
