/**
 * Witnesses: with the test witness (a real C2SP tlog-witness on loopback) configured, every
 * new checkpoint is sent with a consistency proof from the size the witness last cosigned, its
 * cosignature is stored, and `vigil audit verify --quorum 1` passes. A witness that is down or
 * lost its state never blocks a checkpoint.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/adapters/cli/cli.ts';
import type { Database } from '../../src/adapters/db/client.ts';
import { systemRandom } from '../../src/adapters/system.ts';
import { createWitnessClient } from '../../src/adapters/witness/witness-client.ts';
import { parseSignerKey, signerKeyFromSeed } from '../../src/core/audit/tlog/note.ts';
import { AuditLogService } from '../../src/services/audit/audit-log.service.ts';
import { openTestDatabase } from '../support/database.ts';
import { startTestWitness, type TestWitness } from '../support/test-witness.ts';

const ORIGIN = 'vigil.test/witnessed-log';
const keys = signerKeyFromSeed(ORIGIN, new Uint8Array(32).fill(9));
const dir = mkdtempSync(join(tmpdir(), 'vigil-witness-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let db: Database;
let witness: TestWitness;
beforeEach(async () => {
  db = await openTestDatabase();
  witness = await startTestWitness({ logs: [{ origin: ORIGIN, vkey: keys.vkey }] });
});
afterEach(async () => {
  await witness.close();
  await db.close();
});

function service(witnesses: { url: string; vkey: string }[]) {
  return new AuditLogService({
    uow: db.uow,
    clock: { now: () => Date.UTC(2026, 10, 1) },
    random: systemRandom,
    auditLog: {
      origin: ORIGIN,
      signer: parseSignerKey(keys.skey),
      verifierKey: keys.vkey,
      witnesses,
      witnessClient: createWitnessClient({ timeoutMs: 2000 }),
    },
  });
}

async function append(n: number) {
  for (let i = 0; i < n; i++) {
    await db.uow.run((tx) =>
      tx.audit.append({
        type: 'token.revoked',
        at: i,
        actor: 'cli',
        subject: `token:${i}`,
        payload: { id: `${i}` },
      }),
    );
  }
}

async function verify(...argv: string[]) {
  const out: string[] = [];
  const code = await runCli(['audit', 'verify', ...argv], {
    out: (t) => out.push(t),
    err: (t) => out.push(t),
    env: {},
    cwd: dir,
    stopSignal: Promise.resolve(),
  });
  return { code, out: out.join('\n') };
}

describe('with a witness', () => {
  it('gathers a cosignature on each checkpoint, with consistency proofs in between', async () => {
    const log = service([{ url: witness.url, vkey: witness.vkey }]);
    await append(3);
    const first = await log.checkpoint();
    expect(first.cosignatures).toHaveLength(1);
    expect(first.cosignatures[0]?.witness).toBe(witness.name);
    expect(first.note).toContain(`— ${witness.name} `);
    await append(5);
    const second = await log.checkpoint();
    expect(second.size).toBe(8);
    expect(second.cosignatures).toHaveLength(1);
    expect(witness.state(ORIGIN)?.size).toBe(8);
    expect(witness.answers.every((s) => s === 200)).toBe(true);

    const bundle = await log.exportBundle('test');
    expect(bundle.witnesses).toEqual([{ vkey: witness.vkey }]);
    const file = join(dir, 'witnessed.json');
    writeFileSync(file, JSON.stringify(bundle));
    const ok = await verify('--bundle', file, '--key', keys.vkey, '--witness', witness.vkey, '--quorum', '1');
    expect(ok.code, ok.out).toBe(0);
    const short = await verify(
      '--bundle',
      file,
      '--key',
      keys.vkey,
      '--witness',
      witness.vkey,
      '--quorum',
      '2',
    );
    expect(short.code).toBe(1);
    expect(short.out).toMatch(/WITNESS_QUORUM/);
  });

  it('catches up a witness that holds another size (409), and never blocks on one that is down', async () => {
    const log = service([
      { url: witness.url, vkey: witness.vkey },
      { url: 'http://127.0.0.1:1', vkey: witness.vkey.replace('witness.test/w1', 'witness.test/down') },
    ]);
    await append(2);
    await log.checkpoint();
    // The witness forgets the log (restarted without state): it now holds size 0.
    await witness.close();
    witness = await startTestWitness({ logs: [{ origin: ORIGIN, vkey: keys.vkey }] });
    const moved = service([{ url: witness.url, vkey: witness.vkey }]);
    await append(2);
    const cp = await moved.checkpoint();
    expect(cp.cosignatures.map((c) => c.witness)).toEqual([witness.name]);
    expect(witness.answers).toEqual([409, 200]);
  });
});
