/**
 * The cached evaluation of "now" on a real database: built once, shared by concurrent readers;
 * a write is seen by the next read, a posture report without a full load; a deadline passing
 * between two reads a few milliseconds apart is seen by the second; every answer equals a full
 * evaluation at the instant of the read.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countingUow } from '../../../test/support/counting-uow.ts';
import { openTestDatabase } from '../../../test/support/database.ts';
import type { Database } from '../../adapters/db/client.ts';
import { systemRandom, ulidIds } from '../../adapters/system.ts';
import { FleetState } from '../../core/compliance/incremental.ts';
import type { EvaluationResult } from '../../core/compliance/types.ts';
import type { Finding } from '../../core/model.ts';
import { DAY } from '../../core/time.ts';
import { readBaselines } from '../../runtime.ts';
import { createServices, type Services } from '../index.ts';
import { evaluateData, evaluationInput } from './compliance.service.ts';
import { EvaluationCache } from './evaluation-cache.ts';

let now = Date.UTC(2026, 10, 20, 12);
const clock = { now: () => now };
let db: Database;
let services: Services;
let cache: EvaluationCache;

beforeAll(async () => {
  db = await openTestDatabase();
  services = createServices({ uow: db.uow, clock, ids: ulidIds(clock, systemRandom), random: systemRandom });
  await services.demo.load(readBaselines(), 'test');
  // Pages of three devices: the full load takes several, each evaluated as it comes.
  cache = EvaluationCache.of({ uow: db.uow, clock, loadPage: 3 });
}, 180_000);
afterAll(() => db?.close());

/** A cache of its own whose repository reads are counted by name, and a read checked against a full evaluation. */
function countingCache() {
  const { uow, reads } = countingUow(db);
  const own = new EvaluationCache({ uow, clock });
  const read = async () => {
    now += 1_000;
    reads.clear();
    const r = await own.current();
    expect(standing(r)).toEqual(standing(await full()));
    return r;
  };
  return { own, reads, read };
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

/** A full evaluation at `now`, from a fresh load. */
async function full(): Promise<EvaluationResult> {
  return evaluateData(await db.uow.run((tx) => tx.fleet.load(now)), now);
}

describe('EvaluationCache', () => {
  it('is the one the compliance service uses, and evaluates once for concurrent readers', async () => {
    const misses = cache.misses;
    const [a, b, c] = await Promise.all([cache.current(), cache.current(), services.compliance.evaluate({})]);
    expect(cache.misses).toBe(misses + 1);
    expect(a).toBe(b);
    expect(c).toBe(a); // no filter: the cached result itself
    expect(a.at).toBe(now);
    expect(await cache.current()).toBe(a);
    expect(standing(a)).toEqual(standing(await full()));
    // A what-if protocol is its own entry.
    const strict = await services.compliance.evaluate({ protocol: 'strict-30day' });
    expect(strict).not.toBe(a);
    expect(await cache.current('strict-30day')).toBe(strict);
    expect(cache.misses).toBe(misses + 2);
  });

  it('applies a check and a posture report to their device alone, without a full load', async () => {
    const before = await cache.current();
    const misses = cache.misses;
    const social = (r: typeof before) =>
      r.findings.filter((f) => f.deviceId === 'premier-social' && f.rule === 'inspection.overdue');
    expect(social(before)).toHaveLength(1);
    await services.inventory.recordInspection(
      {
        deviceId: 'premier-social',
        at: new Date(now - DAY).toISOString(),
        method: 'forensic-scan',
        result: 'clean',
        performedBy: 'Kit',
      },
      'test',
    );
    const after = await cache.current();
    expect(after).not.toBe(before);
    expect(social(after)).toHaveLength(0);
    now += 1_000;
    await services.posture.record(
      {
        deviceId: 'premier-social',
        observedAt: new Date(now).toISOString(),
        source: 'mdm',
        osVersion: '17.0',
      },
      'test',
    );
    const reported = await cache.current();
    expect(reported.findings.some((f) => f.deviceId === 'premier-social' && f.rule === 'os.outdated')).toBe(
      true,
    );
    expect(cache.misses).toBe(misses);
    expect(standing(reported)).toEqual(standing(await full()));
  });

  it('sees a deadline pass between two reads a few milliseconds apart', async () => {
    await cache.current();
    const misses = cache.misses;
    let changed = 0;
    // The next instants at which something opens or closes by time alone (to the millisecond).
    for (let i = 0; i < 20 && changed === 0; i++) {
      const data = await db.uow.run((tx) => tx.fleet.load(now));
      const deadline = new FleetState(evaluationInput(data, now)).until();
      if (!Number.isFinite(deadline)) break;
      now = deadline - 3;
      const before = await cache.current();
      expect(standing(before)).toEqual(standing(await full()));
      now = deadline;
      const after = await cache.current();
      expect(standing(after)).toEqual(standing(await full()));
      if (JSON.stringify(standing(before)) !== JSON.stringify(standing(after))) changed++;
    }
    expect(changed).toBe(1);
    // By time alone, without loading the fleet again.
    expect(cache.misses).toBe(misses);
  });

  it('follows an assignment, a protocol version (and one extending it), an OS release and a KEV import without a full load', async () => {
    await cache.current();
    const misses = cache.misses;
    const iso = (t: number) => new Date(t).toISOString();
    const current = async () => {
      now += 1_000;
      const r = await cache.current();
      expect(standing(r)).toEqual(standing(await full()));
      return r;
    };
    const os = (r: EvaluationResult) => r.findings.filter((f) => f.rule.startsWith('os.')).length;
    await services.releases.record(
      { platform: 'ios', version: '26.99', releasedAt: iso(now - 90 * DAY) },
      'test',
    );
    const released = os(await current());
    const fixture = (name: string) =>
      readFileSync(join(import.meta.dirname, '../../../test/fixtures/intel', name), 'utf8');
    await services.intel.import('kev', fixture('known_exploited_vulnerabilities.json'), 'file', 'test');
    await current();
    // The iOS feed: releases and fixes of exploited CVEs, some iPhones now exposed.
    await services.intel.import('sofa', fixture('sofa_ios_data_feed.json'), 'file', 'test');
    expect(os(await current())).toBeGreaterThan(released);
    const parent = (maxAge: string, version: string) => `apiVersion: vigil/v1
kind: Protocol
metadata: { name: parent-x, title: Parent, version: "${version}" }
roles:
  calls: { posture: { maxAge: ${maxAge} } }
  social: { posture: { maxAge: ${maxAge} } }
  news: { posture: { maxAge: ${maxAge} } }
  general: { posture: { maxAge: ${maxAge} } }
`;
    await services.protocols.put({ text: parent('P365D', '1'), effectiveAt: iso(now) }, 'test');
    await current();
    await services.protocols.put(
      {
        text: 'apiVersion: vigil/v1\nkind: Protocol\nmetadata: { name: child-x, title: Child, version: "1", extends: parent-x }\n',
        effectiveAt: iso(now),
      },
      'test',
    );
    await current();
    await services.inventory.assignProtocol('premier', { protocol: 'child-x', at: iso(now) }, 'test');
    const assigned = await current();
    const stale = (r: EvaluationResult) =>
      r.findings.filter((f) => f.protocol === 'child-x' && f.rule === 'posture.stale').length;
    expect(assigned.devices.filter((d) => d.protocol === 'child-x').length).toBeGreaterThan(0);
    expect(stale(assigned)).toBe(0);
    // A new version of the parent alone: the child's devices move with it.
    await services.protocols.put({ text: parent('PT1M', '2'), effectiveAt: iso(now) }, 'test');
    expect(stale(await current())).toBeGreaterThan(0);
    expect(cache.misses).toBe(misses);
  });

  it('reads only the waiver and the assignment their events name, not every non-device fact', async () => {
    const { own, reads, read } = countingCache();
    await read();
    const misses = own.misses;
    // The assignment first: the protocol it assigns permits waivers.
    await services.inventory.assignProtocol('premier', { protocol: 'strict-30day' }, 'test');
    const assigned = await read();
    expect(reads.get('dashboard.factsAt')).toBeUndefined();
    expect(reads.get('dashboard.assignmentsOf')).toBe(1);
    expect(assigned.devices.some((d) => d.personId === 'premier' && d.protocol === 'strict-30day')).toBe(
      true,
    );
    const w = await services.waivers.requestWaiver(
      {
        rule: 'posture.stale',
        deviceId: 'premier-social',
        reason: 'travel',
        risk: 'low',
        expiresAt: new Date(now + 7 * DAY).toISOString(),
      },
      'test',
    );
    await services.waivers.approveWaiver(w.id, {
      actor: 'user:alex-reyes',
      role: 'officer',
      personId: 'security-officer',
    });
    await read();
    expect(reads.get('dashboard.factsAt')).toBeUndefined();
    expect(reads.get('fleet.waiversAt')).toBe(1);
    expect(own.misses).toBe(misses);
  });

  it('reads only the refusal its event names, not every non-device fact', async () => {
    const { own, reads, read } = countingCache();
    await read();
    const misses = own.misses;
    await services.refusals.recordRefusal(
      {
        personId: 'premier',
        deviceId: 'premier-social',
        action: 'check',
        reason: 'busy',
        at: new Date(now - DAY).toISOString(),
      },
      'test',
    );
    await services.refusals.recordRefusal(
      {
        personId: 'premier',
        deviceId: null,
        action: 'swap',
        reason: 'travel',
        at: new Date(now - 2 * DAY).toISOString(),
      },
      'test',
    );
    await read();
    expect(reads.get('dashboard.factsAt')).toBeUndefined();
    expect(reads.get('fleet.refusalsAt')).toBe(1);
    expect(own.misses).toBe(misses);
  });

  it('reads only the incident its events name, not every non-device fact', async () => {
    const { own, reads, read } = countingCache();
    await read();
    const misses = own.misses;
    const incident = await services.incidents.open(
      { deviceIds: ['aide-news'], compromise: 'suspected', summary: 'Odd traffic' },
      'test',
    );
    await read();
    expect(reads.get('dashboard.factsAt')).toBeUndefined();
    expect(reads.get('fleet.incidentsAt')).toBe(1);
    const step = incident.steps[0];
    expect(step).toBeDefined();
    await services.incidents.updateStep(incident.id, step?.id ?? '', { status: 'done' }, 'test');
    await read();
    expect(reads.get('dashboard.factsAt')).toBeUndefined();
    expect(reads.get('fleet.incidentsAt')).toBe(1);
    expect(own.misses).toBe(misses);
  });

  it('reads only the detection its event names, not every non-device fact', async () => {
    const { own, reads, read } = countingCache();
    await read();
    const misses = own.misses;
    await services.zones.recordDetection(
      {
        facility: 'main-building',
        identifier: 'imei:352099001761481',
        at: new Date(now - 60_000).toISOString(),
      },
      'test',
    );
    await read();
    expect(reads.get('dashboard.factsAt')).toBeUndefined();
    expect(reads.get('fleet.detectionsAt')).toBe(1);
    expect(own.misses).toBe(misses);
  });

  it('reads only the person a creation names, not every non-device fact', async () => {
    const { own, reads, read } = countingCache();
    await read();
    const misses = own.misses;
    await services.inventory.createPerson(
      { id: 'new-aide', name: 'New Aide', kind: 'staff', principalId: 'premier' },
      'test',
    );
    await services.inventory.createPerson(
      { id: 'new-principal', name: 'New Principal', kind: 'principal', protocol: 'strict-30day' },
      'test',
    );
    const r = await read();
    expect(reads.get('dashboard.factsAt')).toBeUndefined();
    expect(reads.get('people.get')).toBe(2);
    expect(reads.get('dashboard.assignmentsOf')).toBe(1);
    expect(own.misses).toBe(misses);
    expect(r.at).toBe(now);
  });

  it('applies an assignment committed while an update read, dated after its instant, without a full load', async () => {
    // The clock moves on while the update reads the facts: a write that took its instant after
    // the update's and committed before the read is among them, dated after the update's instant.
    let reading = false;
    const slow = new Proxy(db.uow, {
      get(target, prop, receiver) {
        if (prop !== 'read') return Reflect.get(target, prop, receiver);
        return <T>(fn: (tx: Parameters<Parameters<typeof db.uow.read>[0]>[0]) => Promise<T>) =>
          target.read((tx) =>
            fn({
              ...tx,
              fleet: {
                ...tx.fleet,
                nextEffectiveAfter: (at: number, which?: 'all' | 'not-devices') => {
                  if (reading) now += 1;
                  return tx.fleet.nextEffectiveAfter(at, which);
                },
              },
            }),
          );
      },
    });
    const own = new EvaluationCache({ uow: slow, clock });
    await own.current();
    const misses = own.misses;
    now += 1_000;
    await services.inventory.assignProtocol(
      'premier',
      { protocol: 'strict-30day', at: new Date(now + 1).toISOString() },
      'test',
    );
    reading = true;
    await own.current();
    reading = false;
    const r = await own.current();
    expect(standing(r)).toEqual(standing(await full()));
    expect(r.devices.some((d) => d.personId === 'premier' && d.protocol === 'strict-30day')).toBe(true);
    expect(own.misses).toBe(misses);
  });

  it('follows a new person and device, custody, a status and an incident without a full load', async () => {
    await cache.current();
    const misses = cache.misses;
    const step = async () => {
      now += 1_000;
      const r = await cache.current();
      expect(standing(r)).toEqual(standing(await full()));
      return r;
    };
    await services.inventory.createPerson(
      { id: 'envoy', name: 'Envoy', kind: 'staff', principalId: 'premier' },
      'test',
    );
    await step();
    await services.inventory.registerDevice(
      {
        id: 'envoy-phone',
        serial: 'ENV-1',
        platform: 'ios',
        model: 'iPhone 16',
        ownership: 'issued',
        role: 'general',
        holderId: 'envoy',
      },
      'test',
    );
    const registered = await step();
    expect(registered.devices.some((d) => d.deviceId === 'envoy-phone')).toBe(true);
    await services.inventory.changeCustody(
      'envoy-phone',
      { holderId: null, location: 'Secure store' },
      'test',
    );
    await step();
    await services.inventory.changeCustody('envoy-phone', { holderId: 'envoy' }, 'test');
    await step();
    await services.inventory.changeStatus('envoy-phone', { status: 'retired', reason: 'test' }, 'test');
    await step();
    await services.incidents.open(
      { deviceIds: ['premier-social'], compromise: 'suspected', summary: 'Odd traffic' },
      'test',
    );
    await step();
    expect(cache.misses).toBe(misses);
  });

  it('follows as many events as the fleet has devices before it loads afresh', async () => {
    // At least two events are followed; past the fleet's size (the demo's devices), a full load.
    const small = new EvaluationCache({ uow: db.uow, clock, minEvents: 2 });
    const devices = (await small.current()).devices.length;
    const report = async (i: number) => {
      now += 1_000;
      await services.posture.record(
        {
          deviceId: 'premier-social',
          observedAt: new Date(now).toISOString(),
          source: `mdm${i}`,
          osVersion: '17.0',
        },
        'test',
      );
    };
    let misses = small.misses;
    for (let i = 0; i < devices; i++) await report(i);
    expect(standing(await small.current())).toEqual(standing(await full()));
    expect(small.misses).toBe(misses);
    misses = small.misses;
    for (let i = 0; i <= devices; i++) await report(i);
    expect(standing(await small.current())).toEqual(standing(await full()));
    expect(small.misses).toBe(misses + 1);
  });

  it('re-reads a device whose fact took effect after the instant of the last read, without a full load', async () => {
    // A fact dated after the instant a read began, committed while that read ran: the read
    // excluded it, and its event is already followed. Reached by the clock, its device is re-read.
    const verdict = (r: EvaluationResult) => r.devices.find((d) => d.deviceId === 'premier-calls')?.verdict;
    expect(verdict(await cache.current())).not.toBe('not-evaluated');
    const misses = cache.misses;
    const start = now;
    now = start + 10_000;
    await services.inventory.changeStatus('premier-calls', { status: 'retired', reason: 'race' }, 'test');
    now = start + 5_000;
    const before = await cache.current();
    expect(verdict(before)).not.toBe('not-evaluated');
    expect(standing(before)).toEqual(standing(await full()));
    now = start + 10_000;
    const reached = await cache.current();
    expect(verdict(reached)).toBe('not-evaluated');
    expect(standing(reached)).toEqual(standing(await full()));
    expect(cache.misses).toBe(misses);
  });

  it('loads afresh when the clock goes back', async () => {
    const misses = cache.misses;
    now -= 30 * DAY;
    const back = await cache.current();
    expect(cache.misses).toBe(misses + 1);
    expect(back.at).toBe(now);
    expect(standing(back)).toEqual(standing(await full()));
  });

  it('keeps no failed evaluation', async () => {
    await expect(cache.current('no-such-protocol')).rejects.toMatchObject({ code: 'PROTOCOL_NOT_FOUND' });
    const misses = cache.misses;
    await expect(cache.current('no-such-protocol')).rejects.toMatchObject({ code: 'PROTOCOL_NOT_FOUND' });
    expect(cache.misses).toBe(misses + 1);
  });
});
