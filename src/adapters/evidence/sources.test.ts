import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { androidQfRawZip, writeRawZip } from '../../../test/support/evidence-zip.ts';
import { EvidenceFiles } from './files.ts';
import { scanEvidence } from './scan.ts';
import { zipSource } from './sources.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-zip-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MiB = 1024 ** 2;
const limits = { maxMemberBytes: 4 * MiB, maxArchiveBytes: 5 * MiB };
const scan = (path: string) =>
  scanEvidence(path, { indicators: null, password: null, now: () => 0, zipLimits: limits });

describe('zip limits', () => {
  it('refuses a zip bomb a check reads: EVIDENCE_TOO_LARGE, the scan fails', async () => {
    // 16 MiB of zeros deflate to about 16 KiB.
    const bomb = androidQfRawZip(join(dir, 'bomb.zip'), { 'packages.json': Buffer.alloc(16 * MiB) });
    await expect(scan(bomb)).rejects.toMatchObject({ code: 'EVIDENCE_TOO_LARGE' });
  });

  it('refuses a member that inflates past the size it declares', async () => {
    const liar = writeRawZip(join(dir, 'liar.zip'), [
      { name: 'acq/getprop.txt', content: Buffer.from('[ro.build.version.release]: [15]\n') },
      { name: 'acq/packages.json', content: Buffer.alloc(16 * MiB, 0x20), declaredSize: 2 },
    ]);
    await expect(scan(liar)).rejects.toMatchObject({
      code: 'SCAN_INPUT_INVALID',
      message: expect.stringContaining('packages.json does not inflate as declared'),
    });
  });

  it('counts every member read against the archive limit', async () => {
    const wide = androidQfRawZip(join(dir, 'wide.zip'), {
      'getprop.txt': Buffer.alloc(3 * MiB, 0x0a),
      'packages.json': Buffer.from(`[${' '.repeat(3 * MiB)}]`),
    });
    await expect(scan(wide)).rejects.toMatchObject({
      code: 'EVIDENCE_TOO_LARGE',
      message: expect.stringContaining('packages.json'),
    });
    // Under both limits, the same members are read.
    const ok = await scanEvidence(wide, {
      indicators: null,
      password: null,
      now: () => 0,
      zipLimits: { maxMemberBytes: 4 * MiB, maxArchiveBytes: 8 * MiB },
    });
    expect(ok.statuses.find((s) => s.module === 'packages')?.status).toBe('ok');
  });

  it('lists no member that escapes the archive, and reads the zip without holding it', async () => {
    const path = writeRawZip(join(dir, 'slip.zip'), [
      { name: '../../escape.txt', content: Buffer.from('x') },
      { name: '/abs.txt', content: Buffer.from('x') },
      { name: 'C:/win.txt', content: Buffer.from('x') },
      { name: 'acq\\..\\..\\back.txt', content: Buffer.from('x') },
      { name: 'acq/getprop.txt', content: Buffer.from('x') },
    ]);
    const files = new EvidenceFiles();
    const src = await zipSource(path, files);
    try {
      expect(src.list()).toEqual(['acq/getprop.txt']);
      expect(src.problems).toHaveLength(4);
      expect(src.problems.every((p) => p.includes('escapes the archive'))).toBe(true);
      expect((await src.read('acq/getprop.txt')).toString()).toBe('x');
      await expect(src.read('../../escape.txt')).rejects.toThrow(/not in the archive/);
    } finally {
      src.close();
    }
    expect(files.hashes().map((h) => h.path)).toEqual([path, `${path}!acq/getprop.txt`]);
  });
});
