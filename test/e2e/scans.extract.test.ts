/**
 * `vigil scan --output DIR --extract`: the files the checks read, decrypted, under
 * DIR/files/<domain>/<relativePath>; and, without --extract, nothing decrypted on disk.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIosBackup, fileIdOf, standardIosFiles, standardIosInfo } from '../support/evidence-ios.ts';
import { vigilEnv } from '../support/vigil-env.ts';

const PASSWORD = 'extract test pass';
const vigil = vigilEnv({
  name: 'extract',
  env: () => ({ VIGIL_BACKUP_PASSWORD: PASSWORD, LOG_LEVEL: 'silent' }),
});
const { cwd, run } = vigil;
let encrypted: string;
let plaintext: Map<string, Buffer>;

/** Every file under `dir` with its bytes. */
function files(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  if (!existsSync(dir)) return out;
  for (const n of readdirSync(dir, { recursive: true }) as string[]) {
    const p = join(dir, n);
    if (statSync(p).isFile()) out.set(n, readFileSync(p));
  }
  return out;
}

beforeAll(async () => {
  const spec = await standardIosFiles();
  plaintext = new Map(spec.map((f) => [`${f.domain}/${f.relativePath}`, Buffer.from(f.content)]));
  encrypted = await buildIosBackup(join(cwd, 'enc'), {
    files: spec,
    info: standardIosInfo(),
    encryption: { password: PASSWORD, dpic: 1000, iter: 10 },
  });
}, 60_000);
afterAll(() => vigil.cleanup());

describe('vigil scan --extract', () => {
  it('writes nothing decrypted without --extract', async () => {
    const r = await run('--json', 'scan', encrypted, '--output', 'plain-out');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ encrypted: true, extracted: [] });
    const written = files(join(cwd, 'plain-out'));
    expect([...written.keys()].some((n) => n.startsWith('files'))).toBe(false);
    // No result file is (or holds) a decrypted database or plist from the backup.
    for (const [name, bytes] of written) {
      expect(bytes.includes(Buffer.from('SQLite format 3')), name).toBe(false);
      for (const content of plaintext.values()) expect(bytes.equals(content), name).toBe(false);
    }
    // And the backup folder gained nothing.
    expect([...files(encrypted).keys()].some((n) => n.endsWith('-shm') || n.includes('files'))).toBe(false);
  });

  it('extracts exactly the files the checks read, decrypted, under files/<domain>/<path>', async () => {
    const r = await run('--json', 'scan', encrypted, '--output', 'out', '--extract');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { extracted: { path: string; sha256: string }[] };
    const written = files(join(cwd, 'out', 'files'));
    expect(written.get(join('HomeDomain', 'Library', 'SMS', 'sms.db'))).toEqual(
      plaintext.get('HomeDomain/Library/SMS/sms.db'),
    );
    // The WAL of TCC.db is read, so it is extracted too, as the checks saw it.
    expect(written.get(join('HomeDomain', 'Library', 'TCC', 'TCC.db-wal'))).toEqual(
      plaintext.get('HomeDomain/Library/TCC/TCC.db-wal'),
    );
    expect(out.extracted.map((e) => e.path).sort()).toEqual(
      [...written.keys()].map((k) => `files/${k.split('\\').join('/')}`).sort(),
    );
    // Every extracted file is one a module reads: nothing else of the backup.
    for (const k of written.keys()) expect(plaintext.has(k.split('\\').join('/')), k).toBe(true);
    expect(written.size).toBeLessThan(plaintext.size + 1);
    // Encrypted on disk, decrypted in the extract.
    const id = fileIdOf('HomeDomain', 'Library/SMS/sms.db');
    expect(readFileSync(join(encrypted, id.slice(0, 2), id)).includes(Buffer.from('SQLite format 3'))).toBe(
      false,
    );
  });

  it('needs --output, and refuses an output folder inside the evidence', async () => {
    const r = await run('scan', encrypted, '--extract');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--extract needs --output/);
    const inside = await run('scan', encrypted, '--output', join(encrypted, 'x'), '--extract');
    expect(inside.code).toBe(2);
    expect(existsSync(join(encrypted, 'x'))).toBe(false);
  });
});
