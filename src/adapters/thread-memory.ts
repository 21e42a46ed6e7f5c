/**
 * The V8 limits of the process's worker threads. Each isolate has its own young generation, and
 * V8 lets it grow to 128 MiB (two semi-spaces of 64 MiB) once a thread allocates fast: with the
 * serving thread's and the evaluation worker's, three of them were 384 MiB of the process's
 * resident memory, whatever the fleet's size. The history fill's thread runs in the background,
 * where more frequent collections cost no request anything: 48 MiB (semi-spaces of 16 MiB).
 * The evaluation worker keeps V8's: with 16 MiB a page of histories (5,000 devices, ~20 MiB
 * parsed) outlived the young generation, was promoted, and the first pass took about twice as
 * long (docs/adr/0047). Old generations are left to V8: a thread past a cap dies rather than
 * collect sooner.
 */
import type { ResourceLimits } from 'node:worker_threads';

/** The history fill's thread (adapters/jobs/history-thread.ts). */
export const HISTORY_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: 48 };
