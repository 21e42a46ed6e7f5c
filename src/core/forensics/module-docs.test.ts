import { describe, expect, it } from 'vitest';
import { ANDROID_SCAN_MODULES, IOS_SCAN_MODULES } from './coverage.ts';
import { ANDROID_MODULE_DOCS, IOS_MODULE_DOCS, renderForensicsDocs } from './module-docs.ts';

describe('docs/forensics.md', () => {
  it('lists every module a protocol may require, with its artifact and what it matches', () => {
    const md = renderForensicsDocs();
    for (const name of [...IOS_SCAN_MODULES, ...ANDROID_SCAN_MODULES]) {
      // Android and iOS share `sms`: it is listed once per platform.
      expect(md).toContain(`### \`${name}\``);
    }
    expect(md.match(/^### `sms`$/gm)).toHaveLength(2);
    for (const d of [...Object.values(IOS_MODULE_DOCS), ...Object.values(ANDROID_MODULE_DOCS)]) {
      for (const field of [d.artifact, d.extracts, d.matches, d.heuristics])
        expect(field.trim()).not.toBe('');
    }
  });
});
