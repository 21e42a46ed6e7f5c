import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml, YAMLError } from 'yaml';
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
    // Said once: the position and the line's text go in the detail, not in the message again.
    const first = err instanceof Error ? (err.message.split('\n')[0] ?? '') : '';
    const message =
      first
        .replace(/ at line \d+, column \d+:?\s*$/, '')
        // The parser quotes the whole offending scalar, which may be a page of prose.
        .replace(/"([^"]{60})[^"]+"/, '"$1…"') || 'syntax error';
    const at = err instanceof YAMLError ? err.linePos?.[0] : undefined;
    const line = at === undefined ? undefined : text.split(/\r?\n/)[at.line - 1]?.trim();
    throw new VigilError(code, `${path} is not valid YAML or JSON`, [
      {
        file: path,
        path: '',
        message,
        ...(at === undefined ? {} : { line: at.line, column: at.col }),
        ...(line === undefined || line === ''
          ? {}
          : { text: line.length > 80 ? `${line.slice(0, 79)}…` : line }),
      },
    ]);
  }
  // A NUL or a lone surrogate (a YAML "\0" escape or "\ud800") cannot be stored: refuse the file.
  const unsafe = findUnsafeText(value);
  if (unsafe !== null) throw new VigilError(code, `${path}: ${unsafe.path} ${unsafe.message}`, [unsafe]);
  return value;
}
