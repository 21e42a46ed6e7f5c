/**
 * The progress bar of `vigil scan` on a terminal (cli-progress): modules done of the total,
 * evidence files read so far, and the module running. Drawn on stderr, and only when stderr
 * is a terminal and the output is not --json, so pipes and scripts see nothing of it.
 */
import { Presets, SingleBar } from 'cli-progress';
import type { ScanProgress } from '../evidence/scan.ts';

export interface ProgressDisplay {
  update(p: ScanProgress): void;
  stop(): void;
}

/** The bar, or null when it must not be drawn (not a terminal, or --json). */
export function scanProgressBar(
  stream: NodeJS.WritableStream & { isTTY?: boolean },
  json: boolean,
): ProgressDisplay | null {
  if (json || stream.isTTY !== true) return null;
  const bar = new SingleBar(
    {
      stream,
      format: 'scan [{bar}] {value}/{total} modules | {files} files read | {module}',
      hideCursor: true,
      clearOnComplete: false,
      // Redraw at most 10 times a second: a module can be short.
      fps: 10,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(p) {
      const payload = { files: p.filesRead, module: p.module ?? 'done' };
      if (!started) {
        bar.start(p.modulesTotal, p.modulesDone, payload);
        started = true;
      } else {
        bar.setTotal(p.modulesTotal);
        bar.update(p.modulesDone, payload);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
