/**
 * The entry of a scan's worker thread (see isolated-scan.ts, which starts it): loads the
 * indicator files, runs scanEvidence on the evidence and posts progress, the files read (when
 * extracting) and the report back. The backup password is asked of the parent only if the
 * evidence is encrypted. Runs under Node's type stripping, like the rest of the sources.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { VigilError } from '../../core/errors.ts';
import { loadIndicatorFiles } from './indicators.ts';
import type { ScanThreadInput, ThreadMessage, ToThreadMessage } from './isolated-scan.ts';
import { scanEvidence } from './scan.ts';

async function main(port: NonNullable<typeof parentPort>, input: ScanThreadInput) {
  const post = (m: ThreadMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
  let answer: ((value: string | null) => void) | null = null;
  port.on('message', (m: ToThreadMessage) => {
    if (m.type === 'password') answer?.(m.value);
  });
  const askPassword = () =>
    new Promise<string | null>((resolve) => {
      answer = resolve;
      post({ type: 'password' });
    });
  try {
    const iocs = input.iocs;
    const indicators =
      iocs === null || iocs.paths.length === 0
        ? null
        : loadIndicatorFiles(iocs.paths, iocs.cwd, iocs.confineTo);
    const report = await scanEvidence(input.target, {
      indicators,
      password: input.hasPassword
        ? async () => {
            const p = await askPassword();
            if (p === null)
              throw new VigilError('BACKUP_PASSWORD_REQUIRED', 'no backup password was given');
            return p;
          }
        : null,
      now: Date.now,
      ...(input.maxFileBytes === undefined ? {} : { maxFileBytes: input.maxFileBytes }),
      zipLimits: input.zipLimits,
      confineTo: input.confineTo ?? undefined,
      onProgress: (progress) => post({ type: 'progress', progress }),
      onFileRead: input.extract
        ? (domain, relativePath, content) => {
            // A copy: the scan may still use the bytes it handed over.
            const copy = new Uint8Array(content);
            post({ type: 'file', domain, relativePath, content: copy }, [copy.buffer]);
          }
        : undefined,
    });
    post({ type: 'done', report });
  } catch (err) {
    post({
      type: 'error',
      code: err instanceof VigilError ? err.code : null,
      message: err instanceof Error ? err.message : String(err),
    });
  } finally {
    port.close();
  }
}

if (!isMainThread && parentPort !== null) await main(parentPort, workerData as ScanThreadInput);
