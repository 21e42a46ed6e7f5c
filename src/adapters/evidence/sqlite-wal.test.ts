import { describe, expect, it } from 'vitest';
import { newDatabase } from '../../../test/support/evidence-ios.ts';
import { buildWal, walMode } from '../../../test/support/evidence-wal.ts';
import { SqliteEvidence } from './sqlite.ts';
import { replayWal } from './sqlite-wal.ts';

/** A database before and after one more transaction, and its page size. */
async function twoStates() {
  const db = await newDatabase();
  db.run('CREATE TABLE t (x TEXT)');
  db.run("INSERT INTO t VALUES ('checkpointed')");
  const before = db.export();
  db.run("INSERT INTO t VALUES ('only in the log')");
  // Enough rows to need new pages, so the log also grows the file.
  for (let i = 0; i < 200; i++) db.run(`INSERT INTO t VALUES ('${'y'.repeat(100)}${i}')`);
  const after = db.export();
  db.run("INSERT INTO t VALUES ('never committed')");
  const later = db.export();
  db.close();
  return { before, after, later, pageSize: Buffer.from(after).readUInt16BE(16) };
}

const values = async (bytes: Uint8Array, wal: Uint8Array | null) => {
  const db = await SqliteEvidence.open(bytes, wal);
  try {
    return db.rows('SELECT x FROM t').map((r) => String(r.x));
  } finally {
    db.close();
  }
};

describe('WAL replay', () => {
  it('finds the records only in the -wal file, in either checksum byte order', async () => {
    const s = await twoStates();
    const main = walMode(s.before);
    expect(await values(main, null)).toEqual(['checkpointed']);
    for (const bigEndian of [false, true]) {
      const wal = buildWal(s.before, s.after, s.pageSize, { bigEndian });
      const rows = await values(main, wal);
      expect(rows).toHaveLength(202);
      expect(rows.slice(0, 2)).toEqual(['checkpointed', 'only in the log']);
      expect(replayWal(main, wal).frames).toBeGreaterThan(2);
    }
  });

  it('never modifies the bytes it was given', async () => {
    const s = await twoStates();
    const main = walMode(s.before);
    const copy = Buffer.from(main);
    const wal = buildWal(s.before, s.after, s.pageSize);
    const walCopy = Buffer.from(wal);
    replayWal(main, wal);
    expect(Buffer.from(main).equals(copy)).toBe(true);
    expect(wal.equals(walCopy)).toBe(true);
  });

  it('drops frames of an unfinished transaction', async () => {
    const s = await twoStates();
    const last = s.after.length / s.pageSize;
    const page = s.later.subarray((last - 1) * s.pageSize, last * s.pageSize);
    const wal = buildWal(s.before, s.after, s.pageSize, { uncommittedPage: { pgno: last, page } });
    const r = replayWal(walMode(s.before), wal);
    expect(r.uncommitted).toBe(1);
    expect(await values(walMode(s.before), wal)).not.toContain('never committed');
  });

  it('stops at a frame whose checksum or salt does not match (a stale or torn log)', async () => {
    const s = await twoStates();
    const wal = buildWal(s.before, s.after, s.pageSize);
    const torn = Buffer.from(wal);
    torn[32 + 24 + 10] = (torn[32 + 24 + 10] ?? 0) ^ 0xff; // a byte of the first frame's page
    expect(replayWal(walMode(s.before), torn).frames).toBe(0);
    expect(await values(walMode(s.before), torn)).toEqual(['checkpointed']);
    const stale = buildWal(s.before, s.after, s.pageSize);
    stale.writeUInt32BE(0xdeadbeef, 32 + 8); // the first frame carries an older salt
    expect(replayWal(walMode(s.before), stale).frames).toBe(0);
  });

  it('refuses a file that is not a WAL, and accepts an empty one', async () => {
    const s = await twoStates();
    expect(() => replayWal(s.before, Buffer.from('not a write-ahead log at all, really'))).toThrow(
      /not a SQLite WAL/,
    );
    expect(() => replayWal(s.before, Buffer.alloc(10))).toThrow(/shorter/);
    expect(replayWal(s.before, new Uint8Array(0)).bytes).toBe(s.before);
  });

  it('reads the main file alone, and says why, when its -wal file cannot be applied', async () => {
    const s = await twoStates();
    const db = await SqliteEvidence.open(walMode(s.before), Buffer.from('garbage where a log should be!!!!'));
    try {
      expect(db.rows('SELECT x FROM t').map((r) => String(r.x))).toEqual(['checkpointed']);
      expect(db.walProblem).toMatch(/-wal file was not applied \(the -wal file is not a SQLite WAL\)/);
    } finally {
      db.close();
    }
    const clean = await SqliteEvidence.open(walMode(s.before), null);
    expect(clean.walProblem).toBeNull();
    clean.close();
  });
});
