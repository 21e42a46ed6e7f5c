/**
 * `vigil iocs`: the indicator feeds scans match against. Public feeds are enabled by name
 * (`vigil iocs enable pegasus`); `vigil iocs update` downloads the enabled feeds and any URL in
 * VIGIL_IOC_FEEDS into `$VIGIL_DATA_DIR/indicators`; `vigil iocs list` shows what is loaded,
 * from where and when, and which public feeds exist; `vigil iocs recheck` re-matches the scans
 * the server kept against them.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { PUBLIC_FEEDS } from '../../core/forensics/public-feeds.ts';
import {
  configuredFeedUrls,
  enabledFeeds,
  loadedFeeds,
  removeFeedFiles,
  setEnabledFeeds,
  updateFeeds,
} from '../evidence/feeds.ts';
import { recheckStoredScans } from '../evidence/stored-recheck.ts';
import { CLI_ACTOR, type CommandEnv } from './context.ts';
import { count, json, table } from './io.ts';

export function registerIocsCommands(program: Command, env: CommandEnv): void {
  const folder = () => join(loadConfig(env.io.env, env.io.cwd).dataDir, 'indicators');
  const mirror = () => env.io.env.VIGIL_IOC_FEED_MIRROR;
  const iocs = program.command('iocs').description('Indicator (STIX 2.1) feeds');

  iocs
    .command('update')
    .description(
      'Download the enabled public feeds and the URLs in VIGIL_IOC_FEEDS into the data folder, with their SHA-256',
    )
    .action(async () => {
      const dir = folder();
      const results = await updateFeeds(configuredFeedUrls(dir, env.io.env), dir, Date.now);
      env.io.out(
        env.json()
          ? json(results)
          : table(
              ['FILE', 'INDICATORS', 'SHA-256'],
              results.map((r) => [r.file, String(r.indicators), r.sha256]),
            ),
      );
    });

  iocs
    .command('list')
    .description('The indicator files loaded (with source and fetch time) and the public feeds')
    .action(() => {
      const dir = folder();
      const loaded = loadedFeeds(dir, mirror());
      const enabled = new Set(enabledFeeds(dir));
      const feeds = PUBLIC_FEEDS.map((f) => ({ ...f, enabled: enabled.has(f.name) }));
      if (env.json()) {
        env.io.out(json({ folder: dir, loaded, feeds }));
        return;
      }
      env.io.out(`Loaded from ${dir}: ${count(loaded.length, 'indicator file')}.`);
      if (loaded.length > 0)
        env.io.out(
          table(
            ['FILE', 'FEED', 'INDICATORS', 'FETCHED', 'SHA-256'],
            loaded.map((l) => [
              l.file,
              l.feed ?? (l.url === null ? 'added by hand' : 'VIGIL_IOC_FEEDS'),
              l.indicators === null ? '-' : String(l.indicators),
              l.fetchedAt ?? '-',
              l.sha256 === null ? '-' : l.sha256.slice(0, 16),
            ]),
          ),
        );
      env.io.out('');
      env.io.out('Public feeds (enable with `vigil iocs enable NAME`, then `vigil iocs update`):');
      env.io.out(
        table(
          ['NAME', 'ENABLED', 'TITLE', 'PUBLISHER', 'LICENCE'],
          feeds.map((f) => [f.name, f.enabled ? 'yes' : 'no', f.title, f.publisher, f.licence]),
        ),
      );
    });

  iocs
    .command('enable')
    .description('Enable public feeds by name, for the next `vigil iocs update`')
    .argument('<names...>', 'feed names from `vigil iocs list`')
    .action((names: string[]) => {
      const now = setEnabledFeeds(folder(), names, true);
      env.io.out(
        env.json()
          ? json({ enabled: now })
          : `Enabled: ${now.join(', ')}. Run \`vigil iocs update\` to download them.`,
      );
    });

  iocs
    .command('disable')
    .description('Disable public feeds by name and delete their downloaded files')
    .argument('<names...>', 'feed names from `vigil iocs list`')
    .action((names: string[]) => {
      const dir = folder();
      const now = setEnabledFeeds(dir, names, false);
      const removed = removeFeedFiles(dir, names, mirror());
      env.io.out(
        env.json()
          ? json({ enabled: now, removed })
          : `Enabled: ${now.length === 0 ? 'none' : now.join(', ')}; removed ${count(removed.length, 'file')}.`,
      );
    });

  iocs
    .command('recheck')
    .description(
      'Re-check every scan the server kept against the indicators loaded now; a new critical alert opens an incident',
    )
    .action(() =>
      env.withRuntime(async (rt) => {
        const pass = await recheckStoredScans(rt.services, {
          resultsDir: join(rt.config.dataDir, 'scan-results'),
          indicatorsDir: folder(),
          actor: CLI_ACTOR,
        });
        if (env.json()) {
          env.io.out(json(pass));
          return;
        }
        if (pass.indicatorsSha256 === null) {
          env.io.out('No indicators loaded: run `vigil iocs update` first.');
          return;
        }
        env.io.out(
          `Re-checked ${count(pass.rechecked, 'stored scan')} against indicator set ${pass.indicatorsSha256.slice(0, 16)}: ${count(pass.withNewAlerts, 'scan')} with new alerts, ${count(pass.incidents.length, 'incident')} opened or named${pass.incidents.length > 0 ? ` (${pass.incidents.join(', ')})` : ''}.`,
        );
        for (const s of pass.skipped) env.io.out(`scan ${s.jobId} not re-checked: ${s.reason}`);
      }),
    );
}
