/**
 * An iOS sysdiagnose as scan input: the `.tar.gz` the phone writes (or the folder it unpacks
 * to). The archive is read whole, inflated in memory under the zip limits and never unpacked
 * to disk; only regular files are taken (links and devices are skipped), and a member whose
 * name is absolute or climbs with `..` is refused and reported. The checks themselves are pure
 * (core/forensics/sysdiagnose.ts); profiles are checked as a backup's are.
 */
import { gunzipSync } from 'node:zlib';
import { VigilError } from '../../core/errors.ts';
import type { ModuleResult } from '../../core/forensics/alerts.ts';
import type { IndicatorSet } from '../../core/forensics/indicators.ts';
import { type ConfigurationProfile, checkConfigurationProfiles } from '../../core/forensics/ios.ts';
import { checkPs, checkShutdownLog, parsePs, parseShutdownLogs } from '../../core/forensics/sysdiagnose.ts';
import { readTar } from './android-backup.ts';
import type { EvidenceFiles } from './files.ts';
import { ArtifactMissing } from './ios-modules.ts';
import { dateOf, isDict, parsePlist, str } from './plist.ts';
import type { FileSource, ZipLimits } from './sources.ts';

const SHUTDOWN_LOG = /(^|\/)system_logs\.logarchive\/Extra\/shutdown(\.[^/]*)?\.log$/;
const PS = /(^|\/)ps\.txt$/;
const PROFILE_STUB = /(^|\/)logs\/MCState\/Shared\/profile-[^/]*\.stub$/;

/** Whether the source is a sysdiagnose: it holds the shutdown log or the profile stubs. */
export function isSysdiagnose(src: FileSource): boolean {
  return src.list().some((n) => SHUTDOWN_LOG.test(n) || PROFILE_STUB.test(n));
}

export const isGzip = (head: Buffer) => head[0] === 0x1f && head[1] === 0x8b;

/** A `.tar.gz` as a source of members, inflated in memory under the archive limit. */
export function tarGzSource(path: string, files: EvidenceFiles, limits: ZipLimits): FileSource {
  const bytes = files.read(path);
  let tar: Buffer;
  try {
    tar = gunzipSync(bytes, { maxOutputLength: limits.maxArchiveBytes });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      throw new VigilError(
        'EVIDENCE_TOO_LARGE',
        `${path} inflates to more than ${limits.maxArchiveBytes} bytes`,
      );
    throw new VigilError(
      'SCAN_INPUT_INVALID',
      `${path} is not a readable .tar.gz: ${(err as Error).message}`,
    );
  }
  const members = new Map<string, Buffer>();
  const problems: string[] = [];
  let entries: ReturnType<typeof readTar>;
  try {
    entries = readTar(tar);
  } catch (err) {
    throw new VigilError('SCAN_INPUT_INVALID', `${path} is not a readable tar: ${(err as Error).message}`);
  }
  for (const e of entries) {
    const name = e.name.replace(/^(\.\/)+/, '');
    if (name.startsWith('/') || name.split('/').includes('..')) {
      problems.push(`archive member ${e.name} refused: its name leaves the archive`);
      continue;
    }
    if (e.data.length > limits.maxMemberBytes) {
      problems.push(`archive member ${e.name} skipped: larger than ${limits.maxMemberBytes} bytes`);
      continue;
    }
    members.set(name, e.data);
  }
  const names = [...members.keys()];
  return {
    problems,
    list: () => names,
    async read(name) {
      const data = members.get(name);
      if (data === undefined) throw new Error(`${name} is not in the archive`);
      return data;
    },
    close() {},
  };
}

type Ind = IndicatorSet | null;

function members(src: FileSource, pattern: RegExp, what: string): string[] {
  const found = src
    .list()
    .filter((n) => pattern.test(n))
    .sort();
  if (found.length === 0) throw new ArtifactMissing(`${what} is not in the sysdiagnose`);
  return found;
}

/** The sysdiagnose modules, in the order they run (names in core/forensics/coverage.ts). */
export const SYSDIAGNOSE_MODULES: readonly {
  readonly name: string;
  run(src: FileSource, ind: Ind): Promise<ModuleResult>;
}[] = [
  {
    name: 'shutdown_log',
    async run(src, ind) {
      const texts: string[] = [];
      for (const name of members(src, SHUTDOWN_LOG, 'shutdown.log'))
        texts.push((await src.read(name)).toString('utf8'));
      return checkShutdownLog(parseShutdownLogs(texts), ind);
    },
  },
  {
    name: 'ps',
    async run(src, ind) {
      const [name] = members(src, PS, 'ps.txt');
      return checkPs(parsePs((await src.read(name ?? '')).toString('utf8')), ind);
    },
  },
  {
    name: 'configuration_profiles',
    async run(src, ind) {
      const profiles: ConfigurationProfile[] = [];
      for (const name of members(src, PROFILE_STUB, 'logs/MCState/Shared/profile-*.stub')) {
        const p = parsePlist(await src.read(name));
        if (!isDict(p)) continue;
        const content = Array.isArray(p.PayloadContent) ? p.PayloadContent : [];
        profiles.push({
          file: name,
          uuid: str(p.PayloadUUID),
          identifier: str(p.PayloadIdentifier),
          displayName: str(p.PayloadDisplayName),
          payloadTypes: content.flatMap((c) =>
            isDict(c) && typeof c.PayloadType === 'string' ? [c.PayloadType] : [],
          ),
          installDate: dateOf(p.InstallDate),
        });
      }
      return checkConfigurationProfiles(profiles, ind);
    },
  },
];
