/**
 * An iOS full-filesystem extraction (jailbreak or checkm8 style: a folder or a tar of the
 * phone's tree, databases at their on-device paths such as
 * `private/var/mobile/Library/SMS/sms.db`) presented to the iOS modules the way a backup is:
 * each file gets the backup domain its on-device folder corresponds to and its path inside it,
 * so the same modules find the same artifacts. App containers are named by the bundle or group
 * id in their `.com.apple.mobile_container_manager.metadata.plist` (their folder name is a
 * random UUID). The manifest of a dump is its file list, with full on-device paths, so file-path
 * indicators (`/private/var/tmp/...`) match as they would on the phone.
 */
import type { ManifestEntry } from '../../core/forensics/ios.ts';
import type { ExtractSink } from './files.ts';
import type { IosArtifactFile, IosArtifacts } from './ios-modules.ts';
import { isDict, parsePlist, str } from './plist.ts';
import type { FileSource } from './sources.ts';

/** The folders under `private/var/` whose content a backup stores under a fixed domain. */
const FIXED_DOMAINS: readonly (readonly [string, string])[] = [
  ['mobile/', 'HomeDomain'],
  ['root/', 'RootDomain'],
  ['wireless/', 'WirelessDomain'],
  ['preferences/', 'SystemPreferencesDomain'],
  ['Managed Preferences/', 'ManagedPreferencesDomain'],
  ['MobileDevice/', 'MobileDeviceDomain'],
  // The phone's folder is `Keychains` (capitalised), as in a backup's KeychainDomain.
  ['Keychains/', 'KeychainDomain'],
  ['networkd/', 'NetworkDomain'],
  ['db/', 'DatabaseDomain'],
];

/** Container folders (`<kind>/<UUID>/...`) and the domain prefix of their content. */
const CONTAINERS: readonly (readonly [string, string])[] = [
  ['mobile/Containers/Data/Application/', 'AppDomain-'],
  ['mobile/Containers/Shared/AppGroup/', 'AppDomainGroup-'],
  ['mobile/Containers/Data/PluginKitPlugin/', 'AppDomainPlugin-'],
  ['containers/Shared/SystemGroup/', 'SysSharedContainerDomain-'],
  ['containers/Data/System/', 'SysContainerDomain-'],
  ['containers/Bundle/Application/', 'AppBundle-'],
];

const CONTAINER_METADATA = '.com.apple.mobile_container_manager.metadata.plist';
const VAR = 'private/var/';

/** Where the phone's `private/var/` starts in the source's member names (a dump may sit in a folder). */
function varPrefix(names: readonly string[]): string | null {
  for (const n of names) {
    const at = n.indexOf(`${VAR}mobile/`);
    if (at === 0) return VAR;
    if (at > 0 && n[at - 1] === '/') return n.slice(0, at) + VAR;
  }
  return null;
}

/** Whether the source is a full-filesystem dump: it holds the phone's `private/var/mobile/` tree. */
export const isIosFilesystem = (src: FileSource) => varPrefix(src.list()) !== null;

/** SQL LIKE (ASCII case-insensitive, `%` any run, `_` one character) as a regular expression. */
function likeRegex(pattern: string): RegExp {
  const body = pattern
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  return new RegExp(`^${body}$`, 'is');
}

interface DumpFile extends IosArtifactFile {
  /** The member name in the source. */
  readonly member: string;
}

export class IosFilesystem implements IosArtifacts {
  readonly info = null;
  readonly encrypted = false;
  /** Receives every file read, for `--extract`; null by default: nothing is written. */
  extract: ExtractSink | null = null;
  readonly #src: FileSource;
  readonly #files: readonly DumpFile[];
  readonly #byKey: ReadonlyMap<string, DumpFile>;
  readonly #note: (message: string) => void;
  /** Where the phone's `/` is in member names (empty, or the folder the dump sits in). */
  readonly #root: string;

  private constructor(src: FileSource, files: DumpFile[], root: string, note: (message: string) => void) {
    this.#src = src;
    this.#root = root;
    this.#files = files;
    this.#byKey = new Map(files.map((f) => [`${f.domain}\0${f.relativePath}`, f]));
    this.#note = note;
  }

  /** Indexes the dump: reads each container's metadata plist to name its domain. */
  static async open(src: FileSource, note: (message: string) => void): Promise<IosFilesystem> {
    const names = src.list();
    const prefix = varPrefix(names);
    if (prefix === null) throw new Error('no private/var/mobile/ in the dump');
    const ids = new Map<string, string>();
    for (const n of names) {
      if (!n.startsWith(prefix) || !n.endsWith(`/${CONTAINER_METADATA}`)) continue;
      const dir = n.slice(0, -CONTAINER_METADATA.length);
      const under = dir.slice(prefix.length);
      if (!CONTAINERS.some(([c]) => under.startsWith(c) && under.slice(c.length).split('/').length === 2))
        continue;
      try {
        const p = parsePlist(await src.read(n));
        const id = isDict(p) ? str(p.MCMMetadataIdentifier) : null;
        if (id !== null && id !== '') ids.set(dir, id);
      } catch (err) {
        note(
          `${n}: unreadable container metadata (${(err as Error).message}); the container keeps its folder name`,
        );
      }
    }
    const root = prefix.slice(0, -VAR.length);
    const files: DumpFile[] = [];
    for (const member of names) {
      if (!member.startsWith(prefix)) {
        // Outside private/var/ (the system volume, private/etc): no backup domain has it.
        files.push({
          domain: '',
          relativePath: member.startsWith(root) ? member.slice(root.length) : member,
          member,
        });
        continue;
      }
      const under = member.slice(prefix.length);
      const container = CONTAINERS.find(([c]) => under.startsWith(c));
      if (container !== undefined) {
        const [c, domainPrefix] = container;
        const rest = under.slice(c.length);
        const slash = rest.indexOf('/');
        if (slash > 0) {
          const folder = rest.slice(0, slash);
          const id = ids.get(`${prefix}${c}${folder}/`) ?? folder;
          files.push({ domain: domainPrefix + id, relativePath: rest.slice(slash + 1), member });
          continue;
        }
      }
      const fixed = FIXED_DOMAINS.find(([d]) => under.startsWith(d));
      files.push(
        fixed === undefined
          ? { domain: '', relativePath: `${VAR}${under}`, member }
          : { domain: fixed[1], relativePath: under.slice(fixed[0].length), member },
      );
    }
    return new IosFilesystem(src, files, root, note);
  }

  readonly #prefetched = new Map<string, DumpFile[]>();

  /** Finds the files of every given path pattern in one pass over the dump's file list. */
  prefetch(patterns: readonly string[]): void {
    const wanted = patterns.filter((p) => !this.#prefetched.has(p)).map((p) => [p, likeRegex(p)] as const);
    for (const [p] of wanted) this.#prefetched.set(p, []);
    for (const f of this.#files)
      for (const [p, re] of wanted) if (re.test(f.relativePath)) this.#prefetched.get(p)?.push(f);
  }

  find(relativePath: string, domain: string | null = null): DumpFile[] {
    const d = domain === null ? null : likeRegex(domain);
    const candidates = this.#prefetched.get(relativePath);
    const re = likeRegex(relativePath);
    return (candidates ?? this.#files.filter((f) => re.test(f.relativePath))).filter(
      (f) => d === null || d.test(f.domain),
    );
  }

  walOf(f: IosArtifactFile): DumpFile | null {
    return this.#byKey.get(`${f.domain}\0${f.relativePath}-wal`) ?? null;
  }

  async read(f: IosArtifactFile): Promise<Buffer> {
    const file = this.#byKey.get(`${f.domain}\0${f.relativePath}`);
    if (file === undefined) throw new Error(`${f.domain}/${f.relativePath} is not in the dump`);
    const content = await this.#src.read(file.member);
    this.extract?.(f.domain === '' ? 'filesystem' : f.domain, f.relativePath, content);
    return content;
  }

  /** The file's modification time (Unix ms) as the dump recorded it, if it did. */
  modified(f: IosArtifactFile): number | null {
    const file = this.#byKey.get(`${f.domain}\0${f.relativePath}`);
    return file === undefined ? null : (this.#src.modified?.(file.member) ?? null);
  }

  note(message: string): void {
    this.#note(message);
  }

  /** Every file of the dump with its on-device path (the manifest of a dump). */
  *entries(): Generator<ManifestEntry> {
    for (const f of this.#files) yield { domain: f.domain, relativePath: this.devicePath(f), flags: 1 };
  }

  /** The file's path on the phone, without the leading `/`. */
  devicePath(f: DumpFile): string {
    return f.member.startsWith(this.#root) ? f.member.slice(this.#root.length) : f.member;
  }
}
