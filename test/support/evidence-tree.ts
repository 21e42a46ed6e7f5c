/** Hashes of an evidence tree, so a test can prove a scan changed nothing and added nothing. */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Path (relative to `root`) -> SHA-256 of every file under `root`; a file is hashed as `.`. */
export function treeHashes(root: string): Record<string, string> {
  const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
  if (!statSync(root).isDirectory()) return { '.': sha(root) };
  const out: Record<string, string> = {};
  for (const n of readdirSync(root, { recursive: true }) as string[]) {
    const p = join(root, n);
    if (statSync(p).isFile()) out[n] = sha(p);
  }
  return out;
}
