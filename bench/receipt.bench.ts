/**
 * Compliance receipts on PostgreSQL, in process: writing (load, evaluate, digest event,
 * checkpoint, one pass over the log for the proofs) and verifying offline (signature, every
 * inclusion proof, digest, every fact against its entry, re-evaluation), for
 *  1. one principal with a year of history (4 phones, a posture report a day each, a check a
 *     month) in an office that also holds the demo data;
 *  2. a 10,000-device office (2,500 people with 4 phones each, 3 posture reports and a check per
 *     phone), as a fleet receipt.
 * The data goes in through the fleet import, so every fact has its own audit event.
 * Run: node bench/receipt.bench.ts [--devices 10000] (--devices 0: the principal only)
 * Needs PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
 */
import { loadavg } from 'node:os';
import pg from 'pg';
import { openDatabase } from '../src/adapters/db/client.ts';
import { systemRandom, ulidIds } from '../src/adapters/system.ts';
import { verifyReceipt } from '../src/core/compliance/receipt.ts';
import { DAY, toIso } from '../src/core/time.ts';
import { readBaselines } from '../src/runtime.ts';
import { createServices } from '../src/services/index.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const officeDevices = Number(arg('devices', '10000'));
const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const log = (msg: string) => console.error(msg);
const NOW = Date.now();
const ago = (days: number) => toIso(NOW - days * DAY);

async function withServices<T>(name: string, fn: (s: ReturnType<typeof createServices>) => Promise<T>) {
  const schema = `bench_receipt_${name}_${Date.now()}`;
  const db = await openDatabase({ url, schema });
  try {
    await db.migrate();
    const clock = { now: () => Date.now() };
    const services = createServices({
      uow: db.uow,
      clock,
      ids: ulidIds(clock, systemRandom),
      random: systemRandom,
    });
    return await fn(services);
  } finally {
    await db.close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`drop schema if exists "${schema}", "${schema}_jobs" cascade`);
    await client.end();
  }
}

const sensors = {
  camera: { state: 'disabled', provenance: 'enforced' },
  microphone: { state: 'enabled', provenance: 'enforced' },
  location: { state: 'disabled', provenance: 'enforced' },
  bluetooth: { state: 'disabled', provenance: 'reported' },
};
const ROLES = ['calls', 'social', 'news', 'general'] as const;

function phone(id: string, holderId: string, role: string, issuedDaysAgo: number) {
  return {
    id,
    serial: `SN-${id}`,
    platform: 'ios',
    model: 'iPhone 16',
    ownership: 'issued',
    role,
    holderId,
    issuedAt: ago(issuedDaysAgo),
  };
}
const report = (deviceId: string, daysAgo: number) => ({
  deviceId,
  observedAt: ago(daysAgo),
  source: 'mdm:bench',
  osVersion: '27.1',
  sensors,
  apps: ['com.apple.mobilephone', 'com.apple.Preferences'],
  lockdownMode: true,
});
const check = (deviceId: string, daysAgo: number) => ({
  deviceId,
  at: ago(daysAgo),
  method: 'forensic-scan',
  result: 'clean',
  performedBy: 'Bench Technician',
});

/** Best of `n` after a warm-up. */
async function best<T>(n: number, fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  let value = await fn();
  let ms = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    value = await fn();
    ms = Math.min(ms, performance.now() - t0);
  }
  return { ms: Math.round(ms * 10) / 10, value };
}

async function principalYear() {
  return withServices('principal', async (s) => {
    await s.demo.load(readBaselines(), 'bench');
    const devices = ROLES.map((role) => phone(`bench-${role}`, 'bench-principal', role, 365));
    const doc = {
      apiVersion: 'vigil/v1',
      kind: 'Fleet',
      people: [
        {
          id: 'bench-principal',
          name: 'Bench Principal',
          kind: 'principal',
          protocol: 'strict-30day',
          protocolSince: ago(366),
        },
      ],
      devices,
      posture: devices.flatMap((d) => Array.from({ length: 365 }, (_, i) => report(d.id, i))),
      inspections: devices.flatMap((d) => Array.from({ length: 12 }, (_, i) => check(d.id, i * 30 + 1))),
    };
    log('principal: importing a year of history');
    await s.fleetImport.importDocument(doc, JSON.stringify(doc), 'bench');
    await s.auditLog.checkpoint();
    const key = s.auditLog.verifierKey();
    const write = await best(5, () => s.receipts.issue({ personId: 'bench-principal' }, 'bench'));
    const text = JSON.stringify(write.value);
    const verify = await best(5, () => verifyReceipt(JSON.parse(text), key));
    if (!verify.value.ok) throw new Error(`the receipt does not verify: ${verify.value.message}`);
    return {
      facts: write.value.facts.length,
      entries: write.value.log.entries.length,
      findings: write.value.findings.length,
      bytes: text.length,
      writeMs: write.ms,
      verifyMs: verify.ms,
    };
  });
}

async function office() {
  return withServices('office', async (s) => {
    await s.protocols.syncBaselines(readBaselines(), NOW - 730 * DAY, 'bench');
    const people = Math.ceil(officeDevices / 4);
    const CHUNK = 250; // people per import: bounds one transaction
    log(`office: importing ${officeDevices} devices`);
    const t0 = performance.now();
    for (let start = 0; start < people; start += CHUNK) {
      const ids = Array.from({ length: Math.min(CHUNK, people - start) }, (_, i) => `p${start + i}`);
      const devices = ids.flatMap((p) => ROLES.map((role, k) => phone(`${p}-${role}`, p, role, 20 + k)));
      const doc = {
        apiVersion: 'vigil/v1',
        kind: 'Fleet',
        people: ids.map((id, i) =>
          start + i === 0
            ? {
                id,
                name: 'Office Principal',
                kind: 'principal',
                protocol: 'strict-30day',
                protocolSince: ago(400),
              }
            : { id, name: `Staff ${id}`, kind: 'staff', principalId: 'p0' },
        ),
        devices,
        posture: devices.flatMap((d) => [report(d.id, 1), report(d.id, 8), report(d.id, 15)]),
        inspections: devices.map((d) => check(d.id, 10)),
      };
      await s.fleetImport.importDocument(doc, JSON.stringify(doc), 'bench');
    }
    const importSeconds = Math.round((performance.now() - t0) / 100) / 10;
    log(`office: imported in ${importSeconds} s; integrating the log`);
    await s.auditLog.checkpoint();
    const key = s.auditLog.verifierKey();
    const write = await best(1, () => s.receipts.issue({}, 'bench'));
    const text = JSON.stringify(write.value);
    const verify = await best(1, () => verifyReceipt(JSON.parse(text), key));
    if (!verify.value.ok) throw new Error(`the receipt does not verify: ${verify.value.message}`);
    return {
      devices: officeDevices,
      importSeconds,
      facts: write.value.facts.length,
      entries: write.value.log.entries.length,
      findings: write.value.findings.length,
      mib: Math.round((text.length / 2 ** 20) * 10) / 10,
      writeMs: write.ms,
      verifyMs: verify.ms,
    };
  });
}

const load: number[] = [];
const sampler = setInterval(() => load.push(loadavg()[0] ?? 0), 5000);
const principal = await principalYear();
log(JSON.stringify(principal));
const officeResult = officeDevices > 0 ? await office() : null;
log(JSON.stringify(officeResult));
clearInterval(sampler);
const loadAverage = load.length === 0 ? (loadavg()[0] ?? 0) : load.reduce((a, b) => a + b, 0) / load.length;
console.log(JSON.stringify({ loadAverage, principal, office: officeResult }));
