/**
 * Whether the browser tests can run here. On a fresh machine without Chromium they are skipped
 * with one line naming the install command; CI installs Chromium and sets
 * VIGIL_REQUIRE_BROWSER=1, so there a missing browser fails the run instead of skipping, and a
 * green CI always includes the browser tests.
 */
import { existsSync } from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';
const INSTALL = 'sudo apt-get install chromium';

const required = process.env.VIGIL_REQUIRE_BROWSER === '1';

/** True when Chromium is absent and nothing requires it: skip the tests that drive it. */
export const chromiumSkipped = !existsSync(CHROMIUM) && !required;

export const CHROMIUM_SKIP_NOTICE = `Browser tests skipped: Chromium is not installed at ${CHROMIUM}. Install it with \`${INSTALL}\` to run them (CI sets VIGIL_REQUIRE_BROWSER=1, which makes a missing browser a failure).`;
