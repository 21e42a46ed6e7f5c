import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAndroidBackup, buildAndroidQfZip } from '../../../test/support/evidence-android.ts';
import { testIndicatorBundle } from '../../../test/support/evidence-stix.ts';
import { androidQfRawZip, jsonBomb } from '../../../test/support/evidence-zip.ts';
import { loadIndicatorFiles } from './indicators.ts';
import { DEFAULT_SCAN_LIMITS, scanIsolated } from './isolated-scan.ts';
import { scanEvidence } from './scan.ts';

let dir: string;
let iocFile: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-isolated-'));
  iocFile = join(dir, 'test.stix2');
  writeFileSync(iocFile, JSON.stringify(testIndicatorBundle()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const iocs = () => ({ paths: [iocFile], cwd: dir, confineTo: null });
const MiB = 1024 ** 2;

describe('a scan in a child process', () => {
  it('reports what the same scan in process reports', async () => {
    const zip = buildAndroidQfZip(join(dir, 'aqf.zip'));
    const progress: (string | null)[] = [];
    const isolated = await scanIsolated(zip, {
      iocs: iocs(),
      password: null,
      onProgress: (p) => progress.push(p.module),
    });
    const inProcess = await scanEvidence(zip, {
      indicators: loadIndicatorFiles([iocFile], dir),
      password: null,
      now: Date.now,
    });
    const strip = (r: typeof isolated) => ({
      ...r,
      startedAt: 0,
      finishedAt: 0,
      statuses: r.statuses.map((s) => ({ ...s, ms: 0 })),
    });
    expect(strip(isolated)).toEqual(strip(inProcess));
    expect(isolated.alerts.length).toBeGreaterThan(5);
    expect(progress.at(-1)).toBeNull();
  });

  it('asks the parent for the password only when the evidence is encrypted, and relays extracted files', async () => {
    const ab = buildAndroidBackup(join(dir, 'enc.ab'), { compressed: true, password: 'pw' });
    let asked = 0;
    const files: string[] = [];
    const r = await scanIsolated(ab, {
      iocs: iocs(),
      password: async () => {
        asked++;
        return 'pw';
      },
      onFileRead: (domain, path, content) => files.push(`${domain}:${path}:${content.length > 0}`),
    });
    expect(r).toMatchObject({ kind: 'android-backup', encrypted: true });
    expect(asked).toBe(1);
    expect(files).toEqual(['android-backup:apps/com.android.providers.telephony/d_f/000000_sms_backup:true']);
    await expect(scanIsolated(ab, { iocs: null, password: async () => 'wrong' })).rejects.toMatchObject({
      code: 'BACKUP_PASSWORD_WRONG',
    });
  });

  it('fails a zip bomb with EVIDENCE_TOO_LARGE', async () => {
    const bomb = androidQfRawZip(join(dir, 'bomb.zip'), { 'packages.json': Buffer.alloc(16 * MiB) });
    await expect(
      scanIsolated(bomb, {
        iocs: null,
        password: null,
        limits: { ...DEFAULT_SCAN_LIMITS, zip: { maxMemberBytes: 4 * MiB, maxArchiveBytes: 8 * MiB } },
      }),
    ).rejects.toMatchObject({ code: 'EVIDENCE_TOO_LARGE' });
  });

  it('stops a scan past its memory limit (SCAN_MEMORY_LIMIT), and this process goes on', async () => {
    // 60 MiB inflated, 20 million objects once parsed: far past a 64 MiB heap.
    const bomb = androidQfRawZip(join(dir, 'json-bomb.zip'), { 'packages.json': jsonBomb(20_000_000) });
    await expect(
      scanIsolated(bomb, { iocs: null, password: null, limits: { ...DEFAULT_SCAN_LIMITS, memoryMb: 64 } }),
    ).rejects.toMatchObject({ code: 'SCAN_MEMORY_LIMIT' });
    const zip = buildAndroidQfZip(join(dir, 'after-oom.zip'));
    expect((await scanIsolated(zip, { iocs: null, password: null })).kind).toBe('androidqf');
  });

  it('stops a scan past its time limit (SCAN_TIME_LIMIT)', async () => {
    const zip = buildAndroidQfZip(join(dir, 'slow.zip'));
    await expect(
      scanIsolated(zip, { iocs: null, password: null, limits: { ...DEFAULT_SCAN_LIMITS, timeoutMs: 1 } }),
    ).rejects.toMatchObject({ code: 'SCAN_TIME_LIMIT' });
  });
});
