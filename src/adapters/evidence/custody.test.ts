import { createHash } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pkg from '../../../package.json' with { type: 'json' };
import { buildAndroidQfZip } from '../../../test/support/evidence-android.ts';
import { buildIosBackup, standardIosFiles, standardIosInfo } from '../../../test/support/evidence-ios.ts';
import { testIndicatorBundle } from '../../../test/support/evidence-stix.ts';
import { CANNOT_PROVE_CLEAN } from '../../core/forensics/summary.ts';
import { loadIndicatorFiles } from './indicators.ts';
import { infoJsonOf, sha256Of, writeScanOutput } from './output.ts';
import { scanEvidence } from './scan.ts';

let dir: string;
let feeds: string;
const now = () => Date.parse('2026-11-22T00:00:00Z');
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Relative path -> { size, sha256 } of every regular file under root. */
function tree(root: string): Map<string, { size: number; sha256: string }> {
  const out = new Map<string, { size: number; sha256: string }>();
  const walk = (d: string, prefix: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      const rel = prefix === '' ? n : `${prefix}/${n}`;
      if (statSync(p).isDirectory()) walk(p, rel);
      else out.set(rel, { size: statSync(p).size, sha256: sha(readFileSync(p)) });
    }
  };
  walk(root, '');
  return out;
}

interface Info {
  tool: { name: string; version: string };
  performed_by: string | null;
  device_id: string | null;
  files: { path: string; size: number; sha256: string | null; link?: string }[];
  hashes: { path: string }[];
  ioc_files: { path: string; sha256: string; url: string | null; fetched_at: string | null }[];
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-custody-'));
  feeds = join(dir, 'feeds');
  mkdirSync(feeds);
  writeFileSync(join(feeds, 'test.stix2'), JSON.stringify(testIndicatorBundle()));
  writeFileSync(
    join(feeds, 'index.json'),
    JSON.stringify([
      { url: 'https://feeds.example/test.stix2', file: 'test.stix2', fetchedAt: '2026-11-21T08:00:00.000Z' },
    ]),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('chain of custody', () => {
  it('info.json lists every file of a backup, read or not, with size and SHA-256; links are not followed', async () => {
    const root = await buildIosBackup(join(dir, 'ios', '00008110-CUSTODY'), {
      files: await standardIosFiles(),
      info: standardIosInfo(),
    });
    // Files no module reads: an unreferenced blob and a note left beside the backup.
    mkdirSync(join(root, 'ff'), { recursive: true });
    writeFileSync(join(root, 'ff', 'ff00000000000000000000000000000000000000'), 'unread bytes');
    writeFileSync(join(root, 'notes.txt'), 'acquired by the technician');
    symlinkSync('/etc/hostname', join(root, 'link-out'));
    const expected = tree(root);
    expected.delete('link-out');

    const r = await scanEvidence(root, {
      indicators: loadIndicatorFiles([feeds], dir),
      password: null,
      now,
    });
    const out = join(dir, 'out-ios');
    const custody = { performedBy: 'J. Smith', deviceId: 'dev_calls' };
    const written = writeScanOutput(out, r, custody);
    const infoText = readFileSync(join(out, 'info.json'), 'utf8');
    const info = JSON.parse(infoText) as Info;

    const listed = info.files.filter((f) => f.link === undefined);
    expect(new Map(listed.map((f) => [f.path, { size: f.size, sha256: f.sha256 }]))).toEqual(expected);
    expect(info.files.find((f) => f.path === 'link-out')).toEqual({
      path: 'link-out',
      size: expect.any(Number),
      sha256: null,
      link: '/etc/hostname',
    });
    // The files the checks read are a strict subset of the listing.
    expect(info.hashes.length).toBeLessThan(listed.length);
    expect(info.tool).toEqual({ name: 'vigil', version: pkg.version });
    expect(info.performed_by).toBe('J. Smith');
    expect(info.device_id).toBe('dev_calls');
    expect(info.ioc_files[0]).toMatchObject({
      url: 'https://feeds.example/test.stix2',
      fetched_at: '2026-11-21T08:00:00.000Z',
      sha256: sha(readFileSync(join(feeds, 'test.stix2'))),
    });
    // The hash the audit event carries is the written file's.
    expect(sha256Of(infoJsonOf(r, custody))).toBe(written.find((w) => w.path === 'info.json')?.sha256);
    expect(sha256Of(infoText)).toBe(written.find((w) => w.path === 'info.json')?.sha256);

    const detected = readFileSync(join(out, 'timeline_detected.csv'), 'utf8').trim().split('\n');
    expect(detected[0]).toBe('"UTC Timestamp","Plugin","Event","Description"');
    expect(detected.length - 1).toBe(r.alerts.filter((a) => a.eventTime !== null).length);
    expect(detected.some((l) => l.includes('"critical"') && l.includes('evil-spy.example'))).toBe(true);

    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(summary).toContain('## What was checked');
    expect(summary).toContain('## What was found');
    expect(summary).toContain('## What it means');
    expect(summary).toContain('## What was not checked');
    expect(summary).toContain('Result: **compromised**');
    expect(summary).toContain(CANNOT_PROVE_CLEAN);
    expect(summary).toContain('J. Smith');
  });

  it('a near-empty backup reads as incomplete, naming what was not checked', async () => {
    const root = await buildIosBackup(join(dir, 'empty', '00008110-EMPTY'), {
      files: [],
      info: standardIosInfo(),
    });
    const r = await scanEvidence(root, { indicators: null, password: null, now });
    const out = join(dir, 'out-empty');
    writeScanOutput(out, r);
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(summary).toContain('No indicator feed was loaded');
    expect(summary).toContain('Result: **incomplete**');
    expect(summary).toMatch(/- sms: no input/);
    expect(summary).toContain(CANNOT_PROVE_CLEAN);
  });

  it('lists a zip input as the file it is, with its hash', async () => {
    const zip = buildAndroidQfZip(join(dir, 'acq.zip'));
    const r = await scanEvidence(zip, { indicators: null, password: null, now });
    expect(r.files).toEqual([{ path: 'acq.zip', size: statSync(zip).size, sha256: sha(readFileSync(zip)) }]);
  });
});
