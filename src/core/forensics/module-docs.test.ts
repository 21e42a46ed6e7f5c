import { describe, expect, it } from 'vitest';
import {
  ANDROID_SCAN_MODULES,
  IOS_FILESYSTEM_SCAN_MODULES,
  IOS_SCAN_MODULES,
  SYSDIAGNOSE_SCAN_MODULES,
} from './coverage.ts';
import {
  ANDROID_MODULE_DOCS,
  IOS_FILESYSTEM_MODULE_DOCS,
  IOS_MODULE_DOCS,
  renderForensicsDocs,
  SYSDIAGNOSE_MODULE_DOCS,
} from './module-docs.ts';

describe('docs/forensics.md', () => {
  it('lists every module a protocol may require, with its artifact and what it matches', () => {
    const md = renderForensicsDocs();
    for (const name of [
      ...IOS_SCAN_MODULES,
      ...IOS_FILESYSTEM_SCAN_MODULES,
      ...SYSDIAGNOSE_SCAN_MODULES,
      ...ANDROID_SCAN_MODULES,
    ]) {
      // Names shared by kinds of evidence are listed once per kind.
      expect(md).toContain(`### \`${name}\``);
    }
    expect(md.match(/^### `sms`$/gm)).toHaveLength(2);
    expect(md.match(/^### `configuration_profiles`$/gm)).toHaveLength(2);
    for (const d of [
      IOS_MODULE_DOCS,
      IOS_FILESYSTEM_MODULE_DOCS,
      SYSDIAGNOSE_MODULE_DOCS,
      ANDROID_MODULE_DOCS,
    ].flatMap((x) => Object.values(x))) {
      for (const field of [d.artifact, d.extracts, d.matches, d.heuristics])
        expect(field.trim()).not.toBe('');
    }
  });
});
