import { getPriority } from 'node:os';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { threadNices } from '../../test/support/threads.ts';
import { runInBackground, threadId } from './thread-priority.ts';

describe.runIf(process.platform === 'linux')('a background thread', () => {
  it('lowers its own priority, not the serving thread’s', async () => {
    const module = new URL('./thread-priority.ts', import.meta.url).href;
    const worker = new Worker(
      `import { parentPort } from 'node:worker_threads';
       import { getPriority } from 'node:os';
       const { runInBackground, threadId } = await import(${JSON.stringify(module)});
       const done = runInBackground(7);
       parentPort.postMessage({ done, nice: getPriority(threadId()), tid: threadId() });`,
      { eval: true },
    );
    const answer = await new Promise<{ done: boolean; nice: number; tid: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(answer).toMatchObject({ done: true, nice: 7 });
    const own = threadId();
    expect(own).not.toBeNull();
    expect(own).not.toBe(answer.tid);
    expect(getPriority(own ?? 0)).toBe(0);
  });

  it('leaves the priority at 0', () => {
    expect(runInBackground(0)).toBe(false);
    expect(getPriority(threadId() ?? 0)).toBe(0);
  });

  it('reads every thread’s nice value', () => {
    expect(threadNices()).toContain(0);
  });
});
