/**
 * AndroidQF acquisitions (folder or zip): packages.json, ps.txt, getprop.txt, settings_*.txt,
 * files.json, root_binaries.json. Each file feeds one pure check in core/forensics/android.ts.
 */

import type { ModuleResult } from '../../core/forensics/alerts.ts';
import { fromUnixSeconds } from '../../core/forensics/alerts.ts';
import * as android from '../../core/forensics/android.ts';
import type { IndicatorSet } from '../../core/forensics/indicators.ts';
import { ArtifactMissing } from './ios-modules.ts';
import { type FileSource, findMember } from './sources.ts';

type Ind = IndicatorSet | null;

export interface AndroidFacts {
  props: Map<string, string> | null;
  packages: android.AndroidPackage[] | null;
}

export interface AndroidModule {
  readonly name: string;
  run(src: FileSource, ind: Ind, facts: AndroidFacts): Promise<ModuleResult>;
}

/** An AndroidQF acquisition is recognised by its packages.json or getprop.txt. */
export const isAndroidQf = (src: FileSource) =>
  findMember(src, (b) => b === 'packages.json' || b === 'getprop.txt').length > 0;

async function one(src: FileSource, base: string): Promise<string> {
  const m = findMember(src, (b) => b === base)[0];
  if (m === undefined) throw new ArtifactMissing(`${base} is not in the acquisition`);
  return (await src.read(m)).toString('utf8');
}

async function jsonArray(src: FileSource, base: string): Promise<unknown[]> {
  const v: unknown = JSON.parse(await one(src, base));
  if (!Array.isArray(v)) throw new Error(`${base} is not a JSON array`);
  return v;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const s = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

export function parseGetprop(text: string): Map<string, string> {
  const props = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^\[(.+?)\]: \[(.*)\]\s*$/.exec(line);
    if (m !== null) props.set(m[1] as string, m[2] as string);
  }
  return props;
}

export function parsePs(text: string): android.AndroidProcess[] {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').trim().split(/\s+/);
  const nameAt = header.indexOf('NAME');
  const pidAt = header.indexOf('PID');
  const userAt = header.indexOf('USER');
  if (nameAt < 0) throw new Error('ps.txt has no NAME column');
  return lines.slice(1).map((l) => {
    const cols = l.trim().split(/\s+/);
    return {
      pid: pidAt < 0 ? null : Number(cols[pidAt]) || null,
      user: userAt < 0 ? null : (cols[userAt] ?? null),
      name: cols.slice(nameAt).join(' '),
    };
  });
}

export const ANDROIDQF_MODULES: readonly AndroidModule[] = [
  {
    name: 'getprop',
    async run(src, ind, facts) {
      facts.props = parseGetprop(await one(src, 'getprop.txt'));
      return android.checkProperties(facts.props, ind);
    },
  },
  {
    name: 'packages',
    async run(src, ind, facts) {
      facts.packages = (await jsonArray(src, 'packages.json')).map((raw) => {
        const p = obj(raw);
        return {
          name: s(p.name) ?? '',
          installer: s(p.installer),
          system: p.system === true,
          disabled: p.disabled === true,
          installTime: typeof p.timestamp === 'string' ? Date.parse(p.timestamp) || null : null,
          files: (Array.isArray(p.files) ? p.files : []).map((rf) => {
            const f = obj(rf);
            const c = obj(f.certificate);
            return {
              path: s(f.path) ?? '',
              md5: s(f.md5),
              sha1: s(f.sha1),
              sha256: s(f.sha256),
              certificateHashes: [c.Md5, c.Sha1, c.Sha256, c.md5, c.sha1, c.sha256].flatMap((h) =>
                s(h) === null ? [] : [s(h) as string],
              ),
            };
          }),
        };
      });
      return android.checkPackages(facts.packages, ind);
    },
  },
  {
    name: 'processes',
    run: async (src, ind) => android.checkProcesses(parsePs(await one(src, 'ps.txt')), ind),
  },
  {
    name: 'settings',
    async run(src) {
      const members = findMember(src, (b) => /^settings_.+\.txt$/.test(b));
      if (members.length === 0) throw new ArtifactMissing('no settings_*.txt in the acquisition');
      const texts: [string, string][] = [];
      for (const m of members) texts.push([m, (await src.read(m)).toString('utf8')]);
      const settings = texts.flatMap(([m, text]) => {
        const ns = /settings_(.+)\.txt$/.exec(m)?.[1] ?? 'unknown';
        return text.split('\n').flatMap((line) => {
          const i = line.indexOf('=');
          return i <= 0
            ? []
            : [{ namespace: ns, key: line.slice(0, i).trim(), value: line.slice(i + 1).trim() }];
        });
      });
      return android.checkSettings(settings);
    },
  },
  {
    name: 'files',
    run: async (src, ind) =>
      android.checkFiles(
        (await jsonArray(src, 'files.json')).map((raw) => {
          const f = obj(raw);
          return { path: s(f.path) ?? '', sha256: s(f.sha256), modified: fromUnixSeconds(f.modified_time) };
        }),
        ind,
      ),
  },
  {
    name: 'root_binaries',
    run: async (src) =>
      android.checkRootBinaries(
        (await jsonArray(src, 'root_binaries.json')).flatMap((x) => (typeof x === 'string' ? [x] : [])),
      ),
  },
];
