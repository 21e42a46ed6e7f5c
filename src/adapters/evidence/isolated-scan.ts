/**
 * Runs a scan in a child process (scan-child.ts) with a heap cap and a time limit, so hostile
 * evidence (a zip bomb, a JSON array of millions of objects, a backup whose key derivation
 * never ends) costs that process and not the one serving the API: the parent's event loop only
 * relays messages. Past its heap the child dies (SCAN_MEMORY_LIMIT), past its time it is killed
 * (SCAN_TIME_LIMIT); either way the caller gets a VigilError and its process goes on. A worker
 * thread is not enough: a thread that reaches its heap limit inside JSON.parse takes the whole
 * process down (docs/adr). `vigil scan` and the scan-job worker both scan through here.
 *
 * The heap cap covers JavaScript objects; buffers (an inflated member, a decrypted file, the
 * SQLite engine's memory) live outside the heap and are bounded by the size caps instead
 * (files.ts, sources.ts).
 */
import { fork } from 'node:child_process';
import { setPriority } from 'node:os';
import { ERRORS, type ErrorCode, VigilError } from '../../core/errors.ts';
import type { ExtractSink } from './files.ts';
import type { PasswordSource } from './ios-backup.ts';
import type { Custody, WrittenFile } from './output.ts';
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
  /**
   * Leave out each module's records and the timeline (a million rows for a large backup), for
   * a caller that keeps only alerts, statuses and hashes: copying them across would block this
   * process's event loop.
   */
  readonly withoutRecords?: boolean | undefined;
  /**
   * Write the whole result folder (records included) here, from the child, so the records are
   * kept for re-checks against later indicators without crossing to this process.
   */
  readonly results?: { readonly dir: string; readonly custody: Custody } | undefined;
  /** The files the child wrote into `results.dir`, with their size and SHA-256, before the report. */
  readonly onResultsWritten?: ((files: readonly WrittenFile[]) => void) | undefined;
}

/** What the child is started with (its first message). */
export interface ScanChildInput {
  readonly target: string;
  readonly iocs: IsolatedScanOptions['iocs'];
  readonly hasPassword: boolean;
  readonly confineTo: string | null;
  readonly maxFileBytes?: number;
  readonly zipLimits: ZipLimits;
  readonly extract: boolean;
  readonly withoutRecords: boolean;
  readonly results: { readonly dir: string; readonly custody: Custody } | null;
}

export type ChildMessage =
  | { readonly type: 'progress'; readonly progress: ScanProgress }
  | { readonly type: 'password' }
  | {
      readonly type: 'file';
      readonly domain: string;
      readonly relativePath: string;
      readonly content: Uint8Array;
    }
  | { readonly type: 'written'; readonly files: readonly WrittenFile[] }
  | { readonly type: 'done'; readonly report: ScanReport }
  | { readonly type: 'error'; readonly code: string | null; readonly message: string };

export type ToChildMessage =
  | { readonly type: 'start'; readonly input: ScanChildInput }
  | { readonly type: 'password'; readonly value: string | null };

const isErrorCode = (c: string | null): c is ErrorCode => c !== null && Object.hasOwn(ERRORS, c);

/** The scan process's niceness (Unix: 0 normal, 19 lowest). */
const SCAN_NICENESS = 10;

/** The last bytes of the child's stderr, where V8 says why it stopped. */
const STDERR_KEPT = 8192;

/** Scans `target` in a child process; rejects with the scan's own VigilError, or a limit's. */
export function scanIsolated(target: string, opts: IsolatedScanOptions): Promise<ScanReport> {
  const limits = opts.limits ?? DEFAULT_SCAN_LIMITS;
  const input: ScanChildInput = {
    target,
    iocs: opts.iocs,
    hasPassword: opts.password !== null,
    confineTo: opts.confineTo ?? null,
    ...(opts.maxFileBytes === undefined ? {} : { maxFileBytes: opts.maxFileBytes }),
    zipLimits: limits.zip,
    extract: opts.onFileRead !== undefined,
    withoutRecords: opts.withoutRecords === true,
    results: opts.results ?? null,
  };
  return new Promise<ScanReport>((resolve, reject) => {
    const child = fork(new URL('./scan-child.ts', import.meta.url), [], {
      execArgv: [`--max-old-space-size=${limits.memoryMb}`],
      // Nothing of the server's environment (database URL, secrets): the password, when the
      // evidence needs one, is asked over the channel.
      env: {},
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    // A scan is background work: on a busy machine the serving process gets the CPU first.
    if (child.pid !== undefined) {
      try {
        setPriority(child.pid, SCAN_NICENESS);
      } catch {
        // Not permitted here (some containers): the scan runs at the server's priority.
      }
    }
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      stderr = (stderr + d).slice(-STDERR_KEPT);
    });
    let settled = false;
    const settle = (err: Error | null, report?: ScanReport) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // Whatever the child was doing, it is no longer wanted (a native call included).
      child.kill('SIGKILL');
      if (err === null) resolve(report as ScanReport);
      else reject(err);
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
    const post = (m: ToChildMessage) => {
      if (child.connected) child.send(m);
    };
    child.on('message', (m: ChildMessage) => {
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
            (value) => post({ type: 'password', value }),
            (err: unknown) => settle(err instanceof Error ? err : new Error(String(err))),
          );
          break;
        }
        case 'written':
          opts.onResultsWritten?.(m.files);
          break;
        case 'done':
          settle(null, m.report);
          break;
        case 'error':
          settle(
            isErrorCode(m.code)
              ? new VigilError(m.code, m.message)
              : new Error(`the scan failed: ${m.message}`),
          );
          break;
      }
    });
    child.on('error', (err) => settle(err));
    child.on('exit', (code, signal) => {
      settle(
        /heap out of memory|Reached heap limit/.test(stderr)
          ? new VigilError(
              'SCAN_MEMORY_LIMIT',
              `the scan of ${target} needed more than its memory limit (${limits.memoryMb} MiB, VIGIL_SCAN_MEMORY_MB) and was stopped`,
            )
          : new Error(
              `the scan process stopped (${signal ?? `exit code ${code}`}) without a result: ${stderr.trim().slice(-500)}`,
            ),
      );
    });
    post({ type: 'start', input });
  });
}
