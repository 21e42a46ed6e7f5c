/**
 * The fleet "now" evaluated in a worker thread with its own connection, mirrored on this thread:
 * after any sequence of writes (posture reports, waivers, assignments) the mirrored result, read
 * right after the write, equals a full evaluation in process at the same instant, and the
 * in-process cache never evaluated the fleet; a worker that is killed, or cannot reach the
 * database, leaves the readers to the in-process evaluation, logged. PostgreSQL only: PGlite is
 * one connection in one thread (docs/adr/0039-evaluation-worker.md).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testSchemaOf } from '../../../test/support/database.ts';
import type { EvaluationResult } from '../../core/compliance/types.ts';
import { VigilError } from '../../core/errors.ts';
import type { Finding } from '../../core/model.ts';
import { DAY } from '../../core/time.ts';
import { readBaselines } from '../../runtime.ts';
import { evaluateData } from '../../services/compliance/compliance.service.ts';
import { EvaluationCache } from '../../services/compliance/evaluation-cache.ts';
import { createServices, type Services } from '../../services/index.ts';
import type { Database } from '../db/client.ts';
import { systemRandom, ulidIds } from '../system.ts';
import { EvaluationWorker } from './offload.ts';

const url = process.env.DATABASE_URL ?? '';
const now = Date.UTC(2026, 10, 20, 12);
const clock = { now: () => now };
const iso = (t: number) => new Date(t).toISOString();

/** What pino would be given, kept for the assertions. */
function memoryLog() {
  const lines: { level: string; msg: string | undefined }[] = [];
  const at = (level: string) => (_: object, msg?: string) => {
    lines.push({ level, msg });
  };
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

/** What is open (the wording that counts days aside), comparable with a full evaluation. */
function standing(r: EvaluationResult) {
  const key = (f: Finding) =>
    JSON.stringify([f.deviceId, f.personId, f.protocol, f.rule, f.severity, f.status, f.outcome, f.waiver]);
  return {
    findings: r.findings.map(key).sort(),
    devices: [...r.devices].sort((a, b) => (a.deviceId < b.deviceId ? -1 : 1)),
  };
}

describe.runIf(url !== '')('the evaluation worker', () => {
  let db: Database;
  let services: Services;
  let worker: EvaluationWorker;
  const log = memoryLog();

  async function full(): Promise<EvaluationResult> {
    return evaluateData(await db.uow.run((tx) => tx.fleet.load(now)), now);
  }

  beforeAll(async () => {
    db = await openTestDatabase();
    // A small part size, so that the first state and large deltas come in many parts.
    worker = new EvaluationWorker({ url, schema: testSchemaOf(db) ?? null, fixedNow: now, partSize: 7 });
    services = createServices({
      uow: db.uow,
      clock,
      ids: ulidIds(clock, systemRandom),
      random: systemRandom,
      announcements: db.announcements,
      offloaded: worker,
    });
    await services.demo.load(readBaselines(), 'test');
    worker.start(log);
  }, 180_000);
  afterAll(async () => {
    await worker?.stop();
    await db?.close();
  });

  it('mirrors, after any sequence of writes, what a full evaluation gives at the same instant', async () => {
    const cache = EvaluationCache.of({ uow: db.uow, clock });
    const devices = (await services.inventory.listDevices()).filter((d) => d.ownership === 'issued');
    const people = (await services.inventory.listPeople()).filter((p) => p.kind !== 'operator');
    const protocols = (await services.protocols.list()).map((p) => p.name);
    const first = await services.compliance.evaluate({});
    expect(standing(first)).toEqual(standing(await full()));
    expect(first.devices.length).toBeGreaterThan(7);
    const write = fc.oneof(
      fc.record({
        kind: fc.constant('posture' as const),
        device: fc.integer({ min: 0, max: devices.length - 1 }),
        os: fc.constantFrom('17.0', '18.7', '26.1'),
        hoursAgo: fc.integer({ min: 0, max: 200 }),
      }),
      fc.record({
        kind: fc.constant('waiver' as const),
        device: fc.integer({ min: 0, max: devices.length - 1 }),
        days: fc.integer({ min: 1, max: 30 }),
      }),
      fc.record({
        kind: fc.constant('assign' as const),
        person: fc.integer({ min: 0, max: people.length - 1 }),
        protocol: fc.integer({ min: 0, max: protocols.length }),
      }),
    );
    let applied = { posture: 0, waiver: 0, assign: 0 };
    let seq = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(write, { minLength: 1, maxLength: 8 }), async (writes) => {
        for (const w of writes) {
          try {
            if (w.kind === 'posture') {
              const d = devices[w.device];
              if (d === undefined) continue;
              await services.posture.record(
                {
                  deviceId: d.id,
                  observedAt: iso(now - w.hoursAgo * 3_600_000),
                  source: 'mdm',
                  osVersion: w.os,
                },
                'test',
              );
            } else if (w.kind === 'waiver') {
              const d = devices[w.device];
              if (d === undefined) continue;
              // A waiver of a finding open on the device now, approved by someone else.
              const open = (await services.compliance.evaluate({})).findings.find((f) => f.deviceId === d.id);
              if (open === undefined) continue;
              const waiver = await services.waivers.requestWaiver(
                {
                  id: `wvr-${seq++}`,
                  rule: open.rule,
                  deviceId: d.id,
                  reason: 'travelling',
                  risk: 'low',
                  expiresAt: iso(now + w.days * DAY),
                },
                'test',
              );
              const approver = people.find((p) => p.id !== d.holderId);
              await services.waivers.approveWaiver(waiver.id, {
                actor: 'test-approver',
                role: 'officer',
                personId: approver?.id ?? null,
              });
            } else {
              const p = people[w.person];
              if (p === undefined) continue;
              await services.inventory.assignProtocol(
                p.id,
                { protocol: protocols[w.protocol] ?? null, at: iso(now) },
                'test',
              );
            }
            applied = { ...applied, [w.kind]: applied[w.kind] + 1 };
          } catch (err) {
            // A write the rules refuse changes nothing; anything else is a failure.
            if (!(err instanceof VigilError)) throw err;
          }
          // Read right after the write: read-your-writes through the worker.
          const mirrored = await services.compliance.evaluate({});
          expect(mirrored.at).toBe(now);
          expect(standing(mirrored)).toEqual(standing(await full()));
        }
      }),
      { numRuns: 6, seed: 1_512 },
    );
    expect(applied.posture).toBeGreaterThan(0);
    expect(applied.waiver).toBeGreaterThan(0);
    expect(applied.assign).toBeGreaterThan(0);
    // Every answer came from the worker: the serving thread never evaluated the fleet.
    expect(cache.misses).toBe(0);
    expect(worker.messages).toBeGreaterThan(10);
    // Most writes came as the worker state's edits, not as a diff of the whole lists.
    expect(worker.edited).toBeGreaterThan(applied.posture);
    expect(log.lines.filter((l) => l.level !== 'info')).toEqual([]);
  }, 240_000);

  it('answers with the same result object while nothing changed', async () => {
    const a = await services.compliance.evaluate({});
    const b = await services.dashboard.today();
    expect(await services.compliance.evaluate({})).toBe(a);
    expect(b.at).toBe(a.at);
  });

  it('falls back to the in-process evaluation, logged, when the worker is killed', async () => {
    const cache = EvaluationCache.of({ uow: db.uow, clock });
    const misses = cache.misses;
    const thread = worker.worker;
    if (thread === null) throw new Error('the worker is not running');
    const exited = new Promise((resolve) => thread.once('exit', resolve));
    const pending = services.compliance.evaluate({});
    await thread.terminate();
    await exited;
    // The reader in flight and every later one are answered in process.
    expect(standing(await pending)).toEqual(standing(await full()));
    const device = (await services.inventory.listDevices()).find((d) => d.ownership === 'issued');
    await services.posture.record(
      { deviceId: device?.id ?? '', observedAt: iso(now), source: 'mdm', osVersion: '17.0' },
      'test',
    );
    expect(standing(await services.compliance.evaluate({}))).toEqual(standing(await full()));
    expect(cache.misses).toBeGreaterThan(misses);
    expect(worker.worker).toBeNull();
    expect(
      log.lines.some((l) => l.level === 'warn' && /exited: evaluating in process/.test(l.msg ?? '')),
    ).toBe(true);
  }, 60_000);

  it('falls back when the worker cannot reach the database', async () => {
    const bad = new EvaluationWorker({
      url: 'postgres://nobody@127.0.0.1:1/none',
      schema: null,
      fixedNow: now,
    });
    const badLog = memoryLog();
    const empty = await openTestDatabase();
    const other = createServices({
      uow: empty.uow,
      clock,
      ids: ulidIds(clock, systemRandom),
      random: systemRandom,
      offloaded: bad,
    });
    bad.start(badLog);
    try {
      const r = await other.compliance.evaluate({});
      expect(r.devices).toEqual([]);
      expect(badLog.lines.some((l) => l.level === 'warn' || l.level === 'error')).toBe(true);
    } finally {
      await bad.stop();
      await empty.close();
    }
  }, 60_000);
});
