/**
 * Generated artifacts are committed; this fails when one drifts from the code it is generated
 * from (run `npm run generate`). It also holds docs/errors.md to every code in the registry.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderGeneratedDocs } from '../scripts/generated-docs.ts';
import { ERRORS } from '../src/core/errors.ts';

const root = join(import.meta.dirname, '..');

describe('generated documents', async () => {
  const docs = await renderGeneratedDocs();
  for (const [file, content] of Object.entries(docs)) {
    it(`${file} is up to date (npm run generate)`, () => {
      expect(readFileSync(join(root, file), 'utf8')).toBe(content);
    });
  }

  it('docs/errors.md lists every error code', () => {
    const text = readFileSync(join(root, 'docs/errors.md'), 'utf8');
    for (const code of Object.keys(ERRORS)) expect(text).toContain(`\`${code}\``);
  });
});
