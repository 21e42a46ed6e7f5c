import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidenceRoot } from './evidence-root.ts';

let base: string;
let root: string;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'vigil-evroot-'));
  root = join(base, 'evidence');
  mkdirSync(join(root, 'calls-1', 'backup'), { recursive: true });
  writeFileSync(join(root, 'calls-1', 'backup', 'Info.plist'), 'x');
  writeFileSync(join(base, 'secret.txt'), 'outside');
  mkdirSync(join(base, 'elsewhere'));
  symlinkSync(join(base, 'secret.txt'), join(root, 'link-out'));
  symlinkSync(join(base, 'elsewhere'), join(root, 'dir-out'));
  symlinkSync(join(root, 'calls-1'), join(root, 'link-in'));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

const refused = (path: string) => {
  try {
    evidenceRoot(root).locate(path);
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return 'accepted';
};

describe('the evidence folder', () => {
  it('accepts relative paths inside it, in normal form, and links that stay inside', () => {
    const ev = evidenceRoot(root);
    expect(ev.locate('calls-1/backup')).toBe('calls-1/backup');
    expect(ev.locate('calls-1//backup/')).toBe('calls-1/backup');
    expect(ev.locate('link-in/backup')).toBe('link-in/backup');
    expect(ev.absolute('link-in/backup')).toBe(join(root, 'calls-1', 'backup'));
  });

  it('refuses absolute paths, `..`, `.`, links leading out and missing paths', () => {
    for (const p of [
      '/etc/passwd',
      join(root, 'calls-1'),
      '../secret.txt',
      'calls-1/../../secret.txt',
      './calls-1',
      'link-out',
      'dir-out',
      'dir-out/x',
      'nope',
      'calls-1\0x',
      'C:/x',
      '\\\\server\\share',
    ])
      expect(refused(p), p).toBe('SCAN_PATH_REFUSED');
  });

  it('says when the folder itself is missing', () => {
    expect(() => evidenceRoot(join(base, 'gone')).locate('x')).toThrow(
      expect.objectContaining({ code: 'SCAN_NOT_CONFIGURED' }),
    );
  });
});
