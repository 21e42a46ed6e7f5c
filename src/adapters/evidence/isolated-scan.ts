/**
 * Runs a scan in a worker thread (scan-thread.ts) with a memory cap and a time limit, so
 * hostile evidence (a zip bomb, a JSON array of millions of objects, a backup whose key
 * derivation never ends) costs that thread and not the process that serves the API: the
 * parent's event loop only relays messages. Past its heap cap the thread is stopped by V8
 * (SCAN_MEMORY_LIMIT), past its time it is terminated (SCAN_TIME_LIMIT); either way the
 * caller gets a VigilError and the process goes on. `vigil scan` and the scan-job worker
 * both scan through here.
 *
 * The heap cap covers JavaScript objects; buffers (an inflated member, a decrypted file, the
 * SQLite engine's memory) live outside the heap and are bounded by the size caps instead
 * (files.ts, sources.ts).
 */
import { Worker } from 'node:worker_threads';
import { ERRORS, type ErrorCode, VigilError } from '../../core/errors.ts';
import type { ExtractSink } from './files.ts';
import type { PasswordSource } from './ios-backup.ts';
import type { ScanProgress, ScanReport } from './scan.ts';
import { DEFAULT_ZIP_LIMITS, type ZipLimits } from './sources.ts';

/** The resources one scan may use (VIGIL_SCAN_MEMORY_MB, VIGIL_SCAN_TIMEOUT, the zip caps). */
export interface ScanLimits {
  /** The thread's old-generation heap, in MiB. */
  readonly memoryMb: number;
  readonly timeoutMs: number;
  readonly zip: ZipLimits;
}

export const DEFAULT_SCAN_LIMITS: ScanLimits = {
  memoryMb: 2048,
  timeoutMs: 30 * 60_000,
  zip: DEFAULT_ZIP_LIMITS,
};

export interface IsolatedScanOptions {
  /** Indicator files or folders, loaded in the thread; `confineTo`: see loadIndicatorFiles. */
  readonly iocs: { paths: readonly string[]; cwd: string; confineTo: string | null } | null;
  /** Asked only if the evidence is encrypted. */
  readonly password: PasswordSource | null;
  readonly confineTo?: string | undefined;
  readonly maxFileBytes?: number | undefined;
  readonly limits?: ScanLimits | undefined;
  readonly onProgress?: ((p: ScanProgress) => void) | undefined;
  readonly onFileRead?: ExtractSink | undefined;
}

/** What the thread is started with (structured-cloned). */
export interface ScanThreadInput {
  readonly target: string;
  readonly iocs: IsolatedScanOptions['iocs'];
  readonly hasPassword: boolean;
  readonly confineTo: string | null;
  readonly maxFileBytes?: number;
  readonly zipLimits: ZipLimits;
  readonly extract: boolean;
}

export type ThreadMessage =
  | { readonly type: 'progress'; readonly progress: ScanProgress }
  | { readonly type: 'password' }
  | { readonly type: 'file'; readonly domain: string; readonly relativePath: string; readonly content: Uint8Array }
  | { readonly type: 'done'; readonly report: ScanReport }
  | { readonly type: 'error'; readonly code: string | null; readonly message: string };

export type ToThreadMessage = { readonly type: 'password'; readonly value: string | null };

const isErrorCode = (c: string | null): c is ErrorCode => c !== null && Object.hasOwn(ERRORS, c);

/** Scans `target` in a worker thread; rejects with the scan's own VigilError, or a limit's. */
export function scanIsolated(target: string, opts: IsolatedScanOptions): Promise<ScanReport> {
  const limits = opts.limits ?? DEFAULT_SCAN_LIMITS;
  const input: ScanThreadInput = {
    target,
    iocs: opts.iocs,
    hasPassword: opts.password !== null,
    confineTo: opts.confineTo ?? null,
    ...(opts.maxFileBytes === undefined ? {} : { maxFileBytes: opts.maxFileBytes }),
    zipLimits: limits.zip,
    extract: opts.onFileRead !== undefined,
  };
  return new Promise<ScanReport>((resolve, reject) => {
    const worker = new Worker(new URL('./scan-thread.ts', import.meta.url), {
      workerData: input,
      resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb },
    });
    let settled = false;
    const settle = (err: Error | null, report?: ScanReport) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err === null) resolve(report as ScanReport);
      else reject(err);
      // Whatever the thread was doing, it is no longer wanted.
      void worker.terminate();
    };
    const timer = setTimeout(
      () =>
        settle(
          new VigilError(
            'SCAN_TIME_LIMIT',
            `the scan of ${target} ran past its time limit (${Math.round(limits.timeoutMs / 1000)} s, VIGIL_SCAN_TIMEOUT) and was stopped`,
          ),
        ),
      limits.timeoutMs,
    );
    worker.on('message', (m: ThreadMessage) => {
      switch (m.type) {
        case 'progress':
          opts.onProgress?.(m.progress);
          break;
        case 'file':
          opts.onFileRead?.(m.domain, m.relativePath, m.content);
          break;
        case 'password': {
          const ask = opts.password;
          (ask === null ? Promise.resolve(null) : ask()).then(
            (value) => worker.postMessage({ type: 'password', value } satisfies ToThreadMessage),
            (err: unknown) => settle(err instanceof Error ? err : new Error(String(err))),
          );
          break;
        }
        case 'done':
          settle(null, m.report);
          break;
        case 'error':
          settle(
            isErrorCode(m.code) ? new VigilError(m.code, m.message) : new Error(`the scan failed: ${m.message}`),
          );
          break;
      }
    });
    worker.on('error', (err: Error & { code?: string }) => {
      settle(
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new VigilError(
              'SCAN_MEMORY_LIMIT',
              `the scan of ${target} needed more than its memory limit (${limits.memoryMb} MiB, VIGIL_SCAN_MEMORY_MB) and was stopped`,
            )
          : err,
      );
    });
    worker.on('exit', (code) => {
      settle(new Error(`the scan thread stopped (exit code ${code}) without a result`));
    });
  });
}
