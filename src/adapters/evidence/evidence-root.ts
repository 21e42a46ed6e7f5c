/**
 * The evidence folder of a server (VIGIL_EVIDENCE_DIR): scans requested over the API may only
 * read what is inside it. A requested path must be relative, without `..` or `.` segments,
 * exist, and stay inside the folder once every symbolic link is resolved (a link from inside
 * to elsewhere is refused). The worker checks the path again when it runs the job, since the
 * folder may have changed in between.
 */
import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, resolve, sep } from 'node:path';
import { VigilError } from '../../core/errors.ts';
import type { EvidenceLocator } from '../../services/scans/scan-job.service.ts';

export interface EvidenceRoot extends EvidenceLocator {
  readonly dir: string;
  /** The absolute path of a located (relative) path, checked again. */
  absolute(path: string): string;
}

const refuse = (path: string, why: string) =>
  new VigilError('SCAN_PATH_REFUSED', `${JSON.stringify(path)} ${why}`, [{ path: 'path', message: why }]);

export function evidenceRoot(dir: string): EvidenceRoot {
  const root = resolve(dir);
  /** The located (relative) path and its real path, which the checks were made on. */
  const check = (path: string): { rel: string; real: string } => {
    if (path.includes('\0')) throw refuse(path, 'contains a NUL character');
    if (isAbsolute(path) || /^[\\/]/.test(path) || /^[a-z]:/i.test(path))
      throw refuse(path, 'must be relative to the evidence folder');
    const parts = path.split(/[\\/]/).filter((p) => p !== '');
    if (parts.length === 0) throw refuse(path, 'names no file or folder');
    if (parts.some((p) => p === '..' || p === '.')) throw refuse(path, 'must not contain `..` or `.`');
    let realRoot: string;
    try {
      realRoot = realpathSync(root);
    } catch {
      throw new VigilError('SCAN_NOT_CONFIGURED', `the evidence folder ${root} does not exist`);
    }
    let real: string;
    try {
      real = realpathSync(resolve(root, ...parts));
      statSync(real);
    } catch {
      throw refuse(path, 'does not exist in the evidence folder');
    }
    if (!real.startsWith(realRoot + sep)) throw refuse(path, 'leads outside the evidence folder');
    return { rel: parts.join('/'), real };
  };
  return {
    dir: root,
    locate: (path) => check(path).rel,
    // The real path: what is read is what was checked, even if a link changes afterwards.
    absolute: (path) => check(path).real,
  };
}
