/** Vitest global setup: says once, before the run, that the browser tests will be skipped and why. */
import { CHROMIUM_SKIP_NOTICE, chromiumSkipped } from './chromium.ts';

export default function announceSkippedBrowserTests(): void {
  if (chromiumSkipped) console.warn(CHROMIUM_SKIP_NOTICE);
}
