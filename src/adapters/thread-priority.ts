/**
 * Background threads (the history fill's, docs/adr/0045) give way to the serving thread on the
 * CPU. On a machine of few cores a busy background thread and the collector's helpers take every
 * core, and a request's callback, ready to run, waits for the scheduler to hand it one: the
 * serving loop's delay grows though nothing runs on it. A thread of lower priority (a higher
 * nice value) is preempted as soon as the serving thread wakes, and still takes every idle cycle.
 *
 * Linux only: there a thread's nice value is its own (setpriority on the thread's id), and a
 * thread may always lower its own priority. Elsewhere the call would lower the whole process's
 * (the serving thread's too), so it does nothing.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** The nice value of a background thread: the lowest (weight 15 against the serving thread's 1024). */
export const BACKGROUND_NICE = 19;

/** The calling thread's id on Linux ("/proc/thread-self" reads "<pid>/task/<tid>"); null elsewhere. */
export function threadId(): number | null {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : null;
  } catch {
    return null;
  }
}

/**
 * Lowers the calling thread's priority to `nice` (0: leaves it); true when done. Never fails the
 * thread: without the thread's own id (not Linux) or when refused, the thread runs as before.
 */
export function runInBackground(nice: number = BACKGROUND_NICE): boolean {
  if (nice === 0) return false;
  const tid = threadId();
  if (tid === null) return false;
  try {
    setPriority(tid, nice);
    return true;
  } catch {
    return false;
  }
}
