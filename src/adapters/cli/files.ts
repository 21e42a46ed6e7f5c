import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { VigilError } from '../../core/errors.ts';
import { findUnsafeText } from '../../core/text.ts';

/** Reads a file named on the command line, with a clear error instead of a stack trace. */
export function readTextFile(path: string, cwd: string): string {
  try {
    return readFileSync(resolve(cwd, path), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unknown';
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code;
    throw new VigilError('FILE_UNREADABLE', `cannot read ${path}: ${why}`);
  }
}

/** Parses YAML or JSON (JSON is YAML); a syntax error names the file, line and column. */
export function parseDataFile(
  text: string,
  path: string,
  code: 'IMPORT_INVALID' | 'VALIDATION_FAILED',
): unknown {
  let value: unknown;
  try {
    value = parseYaml(text, { prettyErrors: true, maxAliasCount: 100 });
  } catch (err) {
    const message = err instanceof Error ? (err.message.split('\n')[0] ?? 'syntax error') : 'syntax error';
    throw new VigilError(code, `${path} is not valid YAML or JSON: ${message}`, [
      { path: '(file)', message },
    ]);
  }
  // A NUL or a lone surrogate (a YAML "\0" escape or "\ud800") cannot be stored: refuse the file.
  const unsafe = findUnsafeText(value);
  if (unsafe !== null) throw new VigilError(code, `${path}: ${unsafe.path} ${unsafe.message}`, [unsafe]);
  return value;
}
