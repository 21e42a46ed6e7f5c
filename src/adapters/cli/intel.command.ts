/** `vigil intel`: import patch-currency feeds from files or the configured URLs; show what is known. */
import type { Command } from 'commander';
import { VigilError } from '../../core/errors.ts';
import { INTEL_KINDS, type IntelKind } from '../../core/intel/feeds.ts';
import type { IntelImportResult } from '../../services/intel/intel.service.ts';
import { updateIntel } from '../mdm/pull.ts';
import { CLI_ACTOR, type CommandEnv } from './context.ts';
import { readTextFile } from './files.ts';
import { count, json, table } from './io.ts';

function describe(r: IntelImportResult): string {
  return `Imported ${r.kind} from ${r.origin}: ${count(r.releases, 'release')}, ${count(r.fixes, 'CVE fix', 'CVE fixes')}, ${count(r.kev, 'KEV entry', 'KEV entries')}${r.version === null ? '' : ` (version ${r.version})`}.`;
}

export function registerIntelCommands(program: Command, env: CommandEnv): void {
  const intel = program
    .command('intel')
    .description(
      'Patch-currency data: OS releases and their CVE fixes (SOFA, Android), the CISA KEV catalog',
    );
  intel
    .command('import')
    .description('Import a SOFA iOS feed, a CISA KEV catalog or an Android patch-level file')
    .argument('<kind>', INTEL_KINDS.join(' | '))
    .argument('<file>', 'the JSON file')
    .action((kind: string, file: string) => {
      if (!(INTEL_KINDS as readonly string[]).includes(kind)) {
        throw new VigilError('CLI_USAGE', `unknown feed kind "${kind}" (expected ${INTEL_KINDS.join(', ')})`);
      }
      const text = readTextFile(file, env.io.cwd);
      return env.withRuntime(async (rt) => {
        const r = await rt.services.intel.import(kind as IntelKind, text, 'file', CLI_ACTOR);
        env.io.out(env.json() ? json(r) : describe(r));
      });
    });
  intel
    .command('update')
    .description(
      'Fetch and import every configured feed (VIGIL_SOFA_URL, VIGIL_KEV_URL, VIGIL_ANDROID_PATCH_URL)',
    )
    .action(() =>
      env.withRuntime(async (rt) => {
        const results = await updateIntel(rt.services, rt.config.integrations.feeds, CLI_ACTOR);
        env.io.out(env.json() ? json(results) : results.map(describe).join('\n'));
      }),
    );
  intel
    .command('status')
    .description('What Vigil knows: releases per platform, CVE fixes, KEV entries')
    .action(() =>
      env.withRuntime(async (rt) => {
        const s = await rt.services.intel.summary();
        env.io.out(
          env.json()
            ? json(s)
            : `${table(
                ['PLATFORM', 'RELEASES', 'NEWEST'],
                (['ios', 'android'] as const).map((p) => [p, String(s.releases[p]), s.newest[p] ?? '-']),
              )}\nCVE fixes: ${s.fixes} (${s.exploitedFixes} flagged exploited); KEV entries: ${s.kev}`,
        );
      }),
    );
}
