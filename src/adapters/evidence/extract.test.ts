import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractor } from './extract.ts';

let base: string;
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'vigil-extract-'));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** Every file under `dir`, relative, sorted. */
function tree(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() || d.isSymbolicLink())
    .map((d) => join(d.parentPath, d.name).slice(dir.length + 1))
    .sort();
}

describe('extracting the files a scan read', () => {
  it('writes files under DIR/files/<domain>/<relativePath>, once each', () => {
    const out = join(base, 'ok');
    const ex = extractor(out);
    ex.sink('HomeDomain', 'Library/SMS/sms.db', Buffer.from('one'));
    ex.sink('HomeDomain', 'Library/SMS/sms.db', Buffer.from('one'));
    ex.sink('androidqf', 'sub/packages.json', Buffer.from('[]'));
    expect(tree(out)).toEqual(['files/HomeDomain/Library/SMS/sms.db', 'files/androidqf/sub/packages.json']);
    expect(ex.files.map((f) => f.path)).toEqual([
      'files/HomeDomain/Library/SMS/sms.db',
      'files/androidqf/sub/packages.json',
    ]);
    expect(ex.problems).toEqual([]);
  });

  it('refuses names that would leave the folder, and links in the way', () => {
    const out = join(base, 'hostile');
    const ex = extractor(out);
    ex.sink('HomeDomain', '../../../escaped', Buffer.from('x'));
    ex.sink('HomeDomain', 'a/../../b', Buffer.from('x'));
    ex.sink('..', 'x', Buffer.from('x'));
    ex.sink('Home/Domain', 'x', Buffer.from('x'));
    ex.sink('HomeDomain', '', Buffer.from('x'));
    ex.sink('HomeDomain', 'nul\0byte', Buffer.from('x'));
    mkdirSync(join(out, 'files'), { recursive: true });
    mkdirSync(join(base, 'victim'));
    symlinkSync(join(base, 'victim'), join(out, 'files', 'Linked'));
    ex.sink('Linked', 'x', Buffer.from('x'));
    expect(ex.problems).toHaveLength(7);
    expect(ex.files).toEqual([]);
    expect(tree(join(base, 'victim'))).toEqual([]);
    expect(existsSync(join(base, 'escaped'))).toBe(false);
    expect(tree(out)).toEqual(['files/Linked']);
  });
});
