/**
 * The V8 limits of the process's worker threads (the evaluation worker's, the history fill's).
 * Each isolate has its own young generation, and V8 lets it grow to 128 MiB (two semi-spaces of
 * 64 MiB) once a thread allocates fast, as both do at start: with the serving thread's, three of
 * them were 384 MiB of the process's resident memory, whatever the fleet's size. A young
 * generation of 48 MiB (semi-spaces of 16 MiB) still holds a page of histories (5,000 devices)
 * and what evaluating it makes; what outlives a collection or two is promoted, as before.
 * The old generation is left to V8: its live size grows with the fleet, and a thread past a cap
 * dies rather than collect more often.
 */
import type { ResourceLimits } from 'node:worker_threads';

export const WORKER_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: 48 };
