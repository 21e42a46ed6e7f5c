import { describe, expect, it } from 'vitest';
import { VigilError } from '../../core/errors.ts';
import { parseDataFile } from './files.ts';

const failure = (text: string): VigilError => {
  try {
    parseDataFile(text, 'fleet.yaml', 'IMPORT_INVALID');
  } catch (err) {
    if (err instanceof VigilError) return err;
    throw err;
  }
  throw new Error('parsed');
};

describe('parseDataFile', () => {
  it('reads YAML and JSON', () => {
    expect(parseDataFile('a: 1\n', 'f.yaml', 'IMPORT_INVALID')).toEqual({ a: 1 });
    expect(parseDataFile('{"a": [1]}', 'f.json', 'VALIDATION_FAILED')).toEqual({ a: [1] });
  });

  it('names a syntax error once, at its line and column, with the line itself', () => {
    const e = failure('people:\n  - id: p1\nversion: 1\n  bad: [\n');
    expect(e.code).toBe('IMPORT_INVALID');
    expect(e.message).toBe('fleet.yaml is not valid YAML or JSON');
    expect(e.details).toHaveLength(1);
    const d = e.details?.[0];
    expect(d).toMatchObject({ file: 'fleet.yaml', path: '', line: 3, column: 10, text: 'version: 1' });
    // No position left dangling at the end of the message, and no code frame.
    expect(d?.message).not.toMatch(/line \d+|column|\n/);
  });

  it('shortens a long quoted scalar in the message', () => {
    const prose = 'word '.repeat(100);
    const e = failure(`\`\`\`sh\n${prose}\n\`\`\`\n\n${prose}\n`);
    expect(e.details?.[0]?.message.length).toBeLessThan(200);
  });

  it('refuses text that cannot be stored', () => {
    expect(failure('a: "\\0"\n').code).toBe('IMPORT_INVALID');
  });
});
