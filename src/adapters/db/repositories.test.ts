/**
 * Runs the repository contract against the database the environment selects: PostgreSQL when
 * DATABASE_URL is set (`DATABASE_URL=postgres://postgres@127.0.0.1:5432/vigil_test npm test`),
 * PGlite in memory otherwise. Plus what only a real server can show: concurrent migrations
 * and concurrent audit appends.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/support/database.ts';
import { openDatabase } from './client.ts';
import { describeRepositoryContract, person } from './repositories.contract.ts';

const url = process.env.DATABASE_URL || undefined;

describeRepositoryContract(url === undefined ? 'pglite' : 'postgres', () => openTestDatabase());

describe('migrations', () => {
  it('migrate() on a fresh database creates the tables; again is a no-op', async () => {
    const db = await openTestDatabase({ migrate: false });
    try {
      await db.migrate();
      await db.migrate();
      expect(await db.isEmpty()).toBe(true);
      await db.uow.run((r) => r.people.insert(person('p1')));
      await db.migrate();
      expect(await db.isEmpty()).toBe(false);
    } finally {
      await db.close();
    }
  });
});

describe('concurrency', () => {
  it('concurrent transactions get distinct audit seqs, and every committed event is listed', async () => {
    const db = await openTestDatabase();
    try {
      const committed: number[] = [];
      await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          db.uow
            .run(async (r) => {
              const seq = await r.audit.append({
                type: 'token.revoked',
                at: i,
                actor: 'cli',
                subject: `token:${i}`,
                payload: { id: String(i) },
              });
              // Dawdle so that transactions overlap.
              await new Promise((resolve) => setTimeout(resolve, (i * 7) % 5));
              return seq;
            })
            .then((seq) => committed.push(seq)),
        ),
      );
      expect(new Set(committed).size).toBe(12);
      const listed = await db.uow.run((r) => r.audit.list({ limit: 100 }));
      expect(listed.map((e) => e.seq)).toEqual([...committed].sort((x, y) => x - y));
    } finally {
      await db.close();
    }
  });
});

describe.skipIf(url === undefined)('postgres only', () => {
  const withSchema = async (fn: (schema: string) => Promise<void>) => {
    const schema = `test_${process.pid}_${randomBytes(6).toString('hex')}`;
    try {
      await fn(schema);
    } finally {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop schema if exists "${schema}", "${schema}_jobs" cascade`);
      await client.end();
    }
  };

  it('two processes migrating the same schema at once both succeed', async () => {
    await withSchema(async (schema) => {
      const a = await openDatabase({ url: url ?? '', schema });
      const b = await openDatabase({ url: url ?? '', schema });
      try {
        await Promise.all([a.migrate(), b.migrate(), a.migrate()]);
        await a.uow.run((r) => r.people.insert(person('p1')));
        expect(await b.uow.run((r) => r.people.get('p1'))).not.toBeNull();
      } finally {
        await a.close();
        await b.close();
      }
    });
  });
});
