import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { scanProgressBar } from './scan-progress.ts';

/** A stream that says it is a terminal, collecting what is drawn. */
function fakeTerminal(isTTY: boolean) {
  const s = Object.assign(new PassThrough(), { isTTY, columns: 100 });
  const chunks: string[] = [];
  s.on('data', (c: Buffer) => chunks.push(c.toString()));
  return { stream: s, text: () => chunks.join('') };
}

describe('the scan progress bar', () => {
  it('draws modules done, files read and the module running on a terminal', async () => {
    const t = fakeTerminal(true);
    const bar = scanProgressBar(t.stream, false);
    expect(bar).not.toBeNull();
    bar?.update({ module: 'manifest', modulesDone: 1, modulesTotal: 4, filesRead: 3 });
    bar?.update({ module: null, modulesDone: 4, modulesTotal: 4, filesRead: 9 });
    bar?.stop();
    await new Promise((r) => setImmediate(r));
    expect(t.text()).toMatch(/1\/4 modules \| 3 files read \| manifest/);
    expect(t.text()).toMatch(/4\/4 modules \| 9 files read \| done/);
  });

  it('draws nothing when stderr is not a terminal or the output is --json', () => {
    expect(scanProgressBar(fakeTerminal(false).stream, false)).toBeNull();
    expect(scanProgressBar(fakeTerminal(true).stream, true)).toBeNull();
  });
});
