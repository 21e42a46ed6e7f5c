/**
 * The verifiable audit log on PostgreSQL, in process:
 *  1. durable appends/s: many concurrent transactions append events (batched, as the posture
 *     ingest batches concurrent requests) while the integrator runs, until every event is in the
 *     tree (committed AND integrated);
 *  2. proof generation at 1M and 10M leaves: the node table is bulk-built inside PostgreSQL
 *     (sha256() over generate_series, level by level, the same RFC 6962 hashing), then random
 *     inclusion and consistency proofs are served by the real service code path;
 *  3. checkpoint verification: opening a signed checkpoint note, verifying an inclusion and a
 *     consistency proof, and a whole bundle.
 * Run: node bench/audit-log.bench.ts [--seconds 10] [--writers 16] [--batch 50] [--sizes 1000000,10000000]
 * Needs PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
 */
import pg from 'pg';
import { openDatabase } from '../src/adapters/db/client.ts';
import { systemRandom } from '../src/adapters/system.ts';
import { verifyBundle } from '../src/core/audit/tlog/bundle.ts';
import { parseCheckpoint } from '../src/core/audit/tlog/checkpoint.ts';
import { decodeBase64, utf8 } from '../src/core/audit/tlog/encoding.ts';
import { leafHash, verifyConsistency, verifyInclusion } from '../src/core/audit/tlog/merkle.ts';
import { openNote, parseVerifierKey } from '../src/core/audit/tlog/note.ts';
import { AuditLogService } from '../src/services/audit/audit-log.service.ts';
import type { AuditEventInput } from '../src/services/audit/ports.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const seconds = Number(arg('seconds', '10'));
const writers = Number(arg('writers', '16'));
const batch = Number(arg('batch', '50'));
const sizes = arg('sizes', '1000000,10000000').split(',').map(Number);
const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const log = (msg: string) => console.error(msg);

async function withSchema<T>(name: string, fn: (schema: string) => Promise<T>): Promise<T> {
  const schema = `bench_audit_${name}_${Date.now()}`;
  try {
    return await fn(schema);
  } finally {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`drop schema if exists "${schema}", "${schema}_jobs" cascade`);
    await client.end();
  }
}

const event = (i: number): AuditEventInput => ({
  type: 'posture.reported',
  at: Date.UTC(2026, 10, 1) + i,
  actor: 'token:tok_ingest',
  subject: `device:dev_${i % 10_000}`,
  payload: { reportId: `pos_${i}`, deviceId: `dev_${i % 10_000}`, observedAt: '2026-11-01T09:00:00.000Z' },
});

// ---------------------------------------------------------------- 1. appends
async function appends() {
  return withSchema('append', async (schema) => {
    const db = await openDatabase({ url, schema, poolSize: writers + 2 });
    await db.migrate();
    const service = new AuditLogService({
      uow: db.uow,
      clock: { now: () => Date.now() },
      random: systemRandom,
    });
    let appended = 0;
    let integrated = 0;
    let stop = false;
    const integrator = (async () => {
      while (!stop) {
        const n = await service.integrateAll(0);
        integrated += n;
        if (n === 0) await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const t0 = performance.now();
    const deadline = t0 + seconds * 1000;
    const workers = Array.from({ length: writers }, async () => {
      while (performance.now() < deadline) {
        const base = appended;
        appended += batch;
        await db.uow.run((tx) =>
          tx.audit.appendMany(Array.from({ length: batch }, (_, k) => event(base + k))),
        );
      }
    });
    await Promise.all(workers);
    const committedAt = performance.now();
    stop = true;
    await integrator;
    integrated += await service.integrateAll();
    const doneAt = performance.now();
    const cp = await service.checkpoint();
    await db.close();
    const result = {
      writers,
      batch,
      events: appended,
      appendsPerSecond: appended / ((committedAt - t0) / 1000),
      integratedPerSecond: integrated / ((doneAt - t0) / 1000),
      integrationLagMs: doneAt - committedAt,
      checkpointSize: cp.size,
    };
    log(`appends: ${JSON.stringify(result)}`);
    return result;
  });
}

// ---------------------------------------------------------------- 2. proofs
async function proofs(n: number) {
  return withSchema(`proof${n}`, async (schema) => {
    const db = await openDatabase({ url, schema, poolSize: 4 });
    await db.migrate();
    const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
    await client.connect();
    const t0 = performance.now();
    // Leaves hash synthetic entries; each level hashes pairs of the level below (RFC 6962).
    await client.query(`set synchronous_commit = off`);
    await client.query(
      `insert into audit_leaves (idx, seq) select i, i + 1 from generate_series(0, ${n - 1}) i`,
    );
    await client.query(
      `insert into audit_nodes (level, idx, hash)
       select 0, i, sha256('\\x00'::bytea || convert_to('entry ' || i, 'UTF8')) from generate_series(0, ${n - 1}) i`,
    );
    for (let level = 1, count = Math.floor(n / 2); count > 0; level++, count = Math.floor(count / 2)) {
      await client.query(
        `insert into audit_nodes (level, idx, hash)
         select ${level}, l.idx / 2, sha256('\\x01'::bytea || l.hash || r.hash)
           from audit_nodes l join audit_nodes r on r.level = l.level and r.idx = l.idx + 1
          where l.level = ${level - 1} and l.idx % 2 = 0`,
      );
    }
    await client.query('analyze audit_nodes');
    await client.query('analyze audit_leaves');
    const buildSeconds = (performance.now() - t0) / 1000;
    log(`built ${n} leaves in ${buildSeconds.toFixed(0)} s`);
    // Same code path as the API: service -> repository -> one query for the plan's node ids.
    const service = new AuditLogService({
      uow: db.uow,
      clock: { now: () => Date.now() },
      random: systemRandom,
    });
    const cp = await service.checkpoint(); // the root at n, from the stored compact range
    const root = decodeBase64(cp.root, 'root');
    const time = async (count: number, fn: (i: number) => Promise<void>) => {
      for (let i = 0; i < 50; i++) await fn(i); // warm-up
      const ms: number[] = [];
      for (let i = 0; i < count; i++) {
        const s = performance.now();
        await fn(i);
        ms.push(performance.now() - s);
      }
      ms.sort((a, b) => a - b);
      return { p50Ms: ms[Math.floor(count / 2)] ?? 0, p99Ms: ms[Math.floor(count * 0.99)] ?? 0 };
    };
    const rnd = (max: number) => Math.floor(Math.random() * max);
    const inclusion = await time(1000, async () => {
      const index = rnd(n);
      const p = await service.inclusionProof({ index, size: n });
      verifyInclusion(
        leafHash(utf8(`entry ${index}`)),
        index,
        n,
        p.proof.map((h) => decodeBase64(h, 'h')),
        root,
      );
    });
    const consistency = await time(1000, async () => {
      const from = 1 + rnd(n - 1);
      const p = await service.consistencyProof({ from, to: n });
      verifyConsistency(
        from,
        n,
        p.proof.map((h) => decodeBase64(h, 'h')),
        decodeBase64(p.fromRoot, 'r'),
        root,
      );
    });
    const [{ bytes } = { bytes: '0' }] = (
      await client.query<{ bytes: string }>(
        `select pg_total_relation_size('audit_nodes') + pg_total_relation_size('audit_leaves') as bytes`,
      )
    ).rows;
    await client.end();
    await db.close();
    const result = {
      leaves: n,
      buildSeconds,
      storageMiB: Number(bytes) / 2 ** 20,
      inclusion,
      consistency,
    };
    log(`proofs: ${JSON.stringify(result)}`);
    return result;
  });
}

// ---------------------------------------------------------------- 3. verification
async function verification() {
  return withSchema('verify', async (schema) => {
    const db = await openDatabase({ url, schema, poolSize: 4 });
    await db.migrate();
    const service = new AuditLogService({
      uow: db.uow,
      clock: { now: () => Date.now() },
      random: systemRandom,
    });
    const entries = 100_000;
    for (let i = 0; i < entries; i += 5000) {
      await db.uow.run((tx) => tx.audit.appendMany(Array.from({ length: 5000 }, (_, k) => event(i + k))));
    }
    await service.integrateAll();
    const cp = await service.checkpoint();
    const vkey = service.verifierKey();
    const verifier = parseVerifierKey(vkey);
    const reps = 2000;
    let s = performance.now();
    for (let i = 0; i < reps; i++) parseCheckpoint(openNote(cp.note, [verifier]).body);
    const checkpointUs = ((performance.now() - s) * 1000) / reps;
    const bundle = await service.exportBundle('bench');
    s = performance.now();
    const report = verifyBundle(bundle, { trustedKey: vkey });
    const bundleSeconds = (performance.now() - s) / 1000;
    await db.close();
    if (!report.ok) throw new Error(`bundle did not verify: ${JSON.stringify(report.problems)}`);
    const result = { checkpointUs, bundleEntries: bundle.entries.length, bundleSeconds };
    log(`verification: ${JSON.stringify(result)}`);
    return result;
  });
}

const out = {
  appends: await appends(),
  verification: await verification(),
  proofs: [] as Awaited<ReturnType<typeof proofs>>[],
};
for (const n of sizes) out.proofs.push(await proofs(n));
console.log(JSON.stringify(out));
