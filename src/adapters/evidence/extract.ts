/**
 * `vigil scan --output DIR --extract`: writes each file a check read (decrypted, for an
 * encrypted backup) to DIR/files/<domain>/<relativePath>, so an analyst can open it. Only when
 * asked: by default nothing read from the evidence is written anywhere. Names come from the
 * evidence (an attacker may have shaped them), so every path is checked to stay under
 * DIR/files: `..`, `.`, absolute names and existing symbolic links on the way are refused and
 * reported, never followed.
 */
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { ExtractSink } from './files.ts';

export interface ExtractedFile {
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
}

export interface Extractor {
  readonly sink: ExtractSink;
  readonly files: ExtractedFile[];
  readonly problems: string[];
}

/** Path segments of a name from the evidence, or null when one could leave the folder. */
function segments(name: string): string[] | null {
  if (name.includes('\0')) return null;
  const parts = name.split(/[\\/]/).filter((p) => p !== '');
  if (parts.length === 0 || parts.some((p) => p === '..' || p === '.' || /^[a-z]:$/i.test(p))) return null;
  return parts;
}

/** True when `path` exists and is a symbolic link (lstat: the link itself, not its target). */
function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

export function extractor(outDir: string): Extractor {
  const root = resolve(outDir, 'files');
  const files: ExtractedFile[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  const sink: ExtractSink = (domain, relativePath, content) => {
    const parts = [...(segments(domain) ?? []), ...(segments(relativePath) ?? [])];
    const target = resolve(root, ...parts);
    const rel = relative(root, target);
    if (
      segments(domain)?.length !== 1 ||
      segments(relativePath) === null ||
      rel.startsWith('..') ||
      rel === '' ||
      !target.startsWith(root + sep)
    ) {
      problems.push(`not extracted: ${JSON.stringify(`${domain}/${relativePath}`)} would leave the folder`);
      return;
    }
    if (seen.has(target)) return;
    seen.add(target);
    // Refuse to write through a link someone left in the output folder.
    let dir = root;
    for (const p of [null, ...parts.slice(0, -1)]) {
      if (p !== null) dir = join(dir, p);
      if (isLink(dir)) {
        problems.push(`not extracted: ${rel} (a symbolic link is in the way)`);
        return;
      }
    }
    if (isLink(target)) {
      problems.push(`not extracted: ${rel} (a symbolic link is in the way)`);
      return;
    }
    mkdirSync(join(target, '..'), { recursive: true });
    writeFileSync(target, content, { mode: 0o600 });
    files.push({
      path: join('files', rel).split(sep).join('/'),
      sha256: createHash('sha256').update(content).digest('hex'),
      size: content.byteLength,
    });
  };
  return { sink, files, problems };
}
