/**
 * The database baseline for the ingest benchmark: a bare Fastify route that writes the same
 * posture row Vigil writes (drizzle over node-postgres, the same table, pool size and batching:
 * up to MAX_BATCH reports per transaction, MAX_IN_FLIGHT transactions at once, no answer before
 * the commit) and nothing else: no authentication, validation, audit event or evaluation. What
 * PostgreSQL itself allows on this machine, so Vigil's rate can be read against it.
 * Env: DATABASE_URL, DATABASE_SCHEMA (a schema Vigil migrated, with the devices seeded).
 */
import { randomBytes } from 'node:crypto';
import { drizzle } from 'drizzle-orm/node-postgres';
import Fastify from 'fastify';
import pg from 'pg';
import { postureReports } from '../src/adapters/db/schema.ts';
import { MAX_BATCH, MAX_IN_FLIGHT } from '../src/services/posture/posture.service.ts';

const schema = process.env.DATABASE_SCHEMA ?? 'public';
const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: 10,
  options: `-c search_path=${schema}`,
});
const db = drizzle(pool);

type Row = typeof postureReports.$inferInsert;
interface Pending {
  readonly row: Row;
  resolve(): void;
  reject(err: unknown): void;
}
const queue: Pending[] = [];
let inFlight = 0;

function pump(): void {
  while (inFlight < MAX_IN_FLIGHT && queue.length > 0) {
    const batch = queue.splice(0, MAX_BATCH);
    inFlight++;
    db.transaction((tx) => tx.insert(postureReports).values(batch.map((p) => p.row)))
      .then(
        () => {
          for (const p of batch) p.resolve();
        },
        (err: unknown) => {
          for (const p of batch) p.reject(err);
        },
      )
      .finally(() => {
        inFlight--;
        pump();
      });
  }
}

let n = 0;
const prefix = randomBytes(4).toString('hex');
const app = Fastify({ logger: false });
app.post('/api/v1/posture', async (req, reply) => {
  const b = req.body as Record<string, unknown>;
  const row: Row = {
    id: `pos_${prefix}_${n++}`,
    deviceId: String(b.deviceId),
    observedAt: Date.parse(String(b.observedAt)),
    receivedAt: Date.now(),
    source: String(b.source),
    osVersion: typeof b.osVersion === 'string' ? b.osVersion : null,
    sensors: (b.sensors ?? {}) as Row['sensors'],
    apps: Array.isArray(b.apps) ? (b.apps as string[]) : null,
    lockdownMode: typeof b.lockdownMode === 'boolean' ? b.lockdownMode : null,
    supervised: typeof b.supervised === 'boolean' ? b.supervised : null,
  };
  await new Promise<void>((resolve, reject) => {
    queue.push({ row, resolve, reject });
    pump();
  });
  return reply.code(201).send({ id: row.id });
});
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
if (typeof address === 'object' && address !== null)
  console.log(`listening at http://127.0.0.1:${address.port}`);
process.once('SIGTERM', () => void app.close().then(() => pool.end().then(() => process.exit(0))));
