/**
 * The entry of a scan's child process (see isolated-scan.ts, which starts it): takes the scan's
 * input from the first IPC message, loads the indicator files, runs scanEvidence and sends
 * progress, the files read (when extracting) and the report back. The backup password is asked
 * of the parent only if the evidence is encrypted. Runs under Node's type stripping, like the
 * rest of the sources.
 */
import { VigilError } from '../../core/errors.ts';
import { loadIndicatorFiles } from './indicators.ts';
import type { ChildMessage, ScanChildInput, ToChildMessage } from './isolated-scan.ts';
import { writeScanOutput } from './output.ts';
import { scanEvidence } from './scan.ts';

const send = (m: ChildMessage) =>
  new Promise<void>((resolve) => {
    process.send?.(m, undefined, undefined, () => resolve());
  });

let finished = false;

async function main(input: ScanChildInput) {
  let answer: ((value: string | null) => void) | null = null;
  process.on('message', (m: ToChildMessage) => {
    if (m.type === 'password') answer?.(m.value);
  });
  const askPassword = () =>
    new Promise<string | null>((resolve) => {
      answer = resolve;
      void send({ type: 'password' });
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
            if (p === null) throw new VigilError('BACKUP_PASSWORD_REQUIRED', 'no backup password was given');
            return p;
          }
        : null,
      now: Date.now,
      ...(input.maxFileBytes === undefined ? {} : { maxFileBytes: input.maxFileBytes }),
      zipLimits: input.zipLimits,
      confineTo: input.confineTo ?? undefined,
      onProgress: (progress) => void send({ type: 'progress', progress }),
      onFileRead: input.extract
        ? (domain, relativePath, content) => void send({ type: 'file', domain, relativePath, content })
        : undefined,
    });
    if (input.results !== null)
      await send({
        type: 'written',
        files: writeScanOutput(input.results.dir, report, input.results.custody),
      });
    await send({
      type: 'done',
      report: input.withoutRecords
        ? { ...report, modules: report.modules.map((m) => ({ ...m, records: [] })), timeline: [] }
        : report,
    });
  } catch (err) {
    await send({
      type: 'error',
      code: err instanceof VigilError ? err.code : null,
      message: err instanceof Error ? err.message : String(err),
    });
  }
  finished = true;
  process.disconnect();
}

if (process.send !== undefined) {
  // The parent is gone (the server stopped or died): nobody wants this scan any more.
  process.once('disconnect', () => process.exit(finished ? 0 : 1));
  process.once('message', (m: ToChildMessage) => {
    if (m.type === 'start') void main(m.input);
  });
}
