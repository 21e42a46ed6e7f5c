/**
 * `vigil audit rotate-key`: the old key and the new one sign a key-transition checkpoint, the
 * new key signs from then on, exported bundles carry the key history, and `vigil audit verify`
 * follows the chain from either key, but refuses a checkpoint the retired key signed later.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCheckpoint } from '../../src/core/audit/tlog/checkpoint.ts';
import { parseSignerKey, signNote, splitNote } from '../../src/core/audit/tlog/note.ts';
import { type CliEnv, cliEnv } from '../support/cli-env.ts';

let cli: CliEnv;
beforeAll(() => {
  cli = cliEnv();
});
afterAll(async () => {
  await cli.cleanup();
});

interface Bundle {
  verifierKey: string;
  checkpoint: string;
  checkpoints: string[];
  entries: { entry: string }[];
  keys?: { vkey: string; transition: string | null }[];
}

describe('vigil audit rotate-key', () => {
  it('hands the log over to a new key that verifiers holding the old one follow', async () => {
    const keyFile = join(cli.cwd, '.vigil', 'log-signing.key');
    const old = (await cli.run('audit', 'key')).stdout;
    expect((await cli.run('person', 'add', '--name', 'Ada', '--kind', 'principal')).code).toBe(0);
    const cp = await cli.run('--json', 'audit', 'checkpoint');
    expect(cp.code, cp.stderr).toBe(0);
    writeFileSync(join(cli.cwd, 'before.note'), (JSON.parse(cp.stdout) as { note: string }).note);
    const oldSecret = readFileSync(keyFile, 'utf8').trim();

    const r = await cli.run('--json', 'audit', 'rotate-key');
    expect(r.code, r.stderr).toBe(0);
    const rotated = JSON.parse(r.stdout) as { from: string; to: string; size: number; note: string };
    expect(rotated.from).toBe(old);
    expect(rotated.to).not.toBe(old);
    expect(rotated.note).toContain(`\nvigil-key-transition ${rotated.to}\n`);
    // The new key is installed, the old one gone, and nothing is left beside it.
    expect((await cli.run('audit', 'key')).stdout).toBe(rotated.to);
    expect(readFileSync(keyFile, 'utf8')).not.toContain(oldSecret);
    expect(existsSync(`${keyFile}.next`)).toBe(false);

    expect((await cli.run('person', 'add', '--name', 'Bea', '--kind', 'principal')).code).toBe(0);
    const exported = await cli.run('audit', 'export', '--out', 'log.json');
    expect(exported.code, exported.stderr).toBe(0);
    const bundle = JSON.parse(readFileSync(join(cli.cwd, 'log.json'), 'utf8')) as Bundle;
    expect(bundle.verifierKey).toBe(rotated.to);
    expect(bundle.keys?.map((k) => k.vkey)).toEqual([old, rotated.to]);
    expect(bundle.entries.some((e) => JSON.parse(e.entry).type === 'audit.key-rotated')).toBe(true);

    for (const key of [old, rotated.to]) {
      const v = await cli.run(
        'audit',
        'verify',
        '--bundle',
        'log.json',
        '--key',
        key,
        '--since',
        'before.note',
      );
      expect(v.code, v.stdout + v.stderr).toBe(0);
      expect(v.stdout).toMatch(/note: KEY_ROTATED/);
    }

    // The retired key signs the latest state of the log: refused, however valid the signature.
    const body = splitNote(bundle.checkpoint).body;
    expect(parseCheckpoint(body).size).toBeGreaterThan(rotated.size);
    const forged = { ...bundle, checkpoint: signNote(body, [parseSignerKey(oldSecret)]) };
    writeFileSync(join(cli.cwd, 'forged.json'), JSON.stringify(forged));
    const f = await cli.run('audit', 'verify', '--bundle', 'forged.json', '--key', old);
    expect(f.code).toBe(1);
    expect(f.stdout).toMatch(/KEY_RETIRED: the checkpoint: signed at size \d+ by key 1, retired at size \d+/);

    // Dropping the key history leaves the new key's checkpoints unverifiable from the old key.
    const { keys: _dropped, ...withoutHistory } = bundle;
    writeFileSync(join(cli.cwd, 'nohistory.json'), JSON.stringify(withoutHistory));
    expect((await cli.run('audit', 'verify', '--bundle', 'nohistory.json', '--key', old)).code).toBe(1);

    // A compliance receipt issued after the rotation carries the chain: the first key checks it.
    const ev = await cli.run('evaluate', '--receipt', 'receipt.json');
    expect(ev.code, ev.stderr).toBeLessThan(2);
    for (const key of [old, rotated.to]) {
      const rv = await cli.run('receipt', 'verify', 'receipt.json', '--key', key);
      expect(rv.code, rv.stdout + rv.stderr).toBe(0);
    }

    // A second rotation chains on.
    const again = await cli.run('--json', 'audit', 'rotate-key');
    expect(again.code, again.stderr).toBe(0);
    await cli.run('audit', 'export', '--out', 'log2.json');
    const v2 = await cli.run(
      'audit',
      'verify',
      '--bundle',
      'log2.json',
      '--key',
      old,
      '--since',
      'before.note',
    );
    expect(v2.code, v2.stdout).toBe(0);
  }, 180_000);
});
