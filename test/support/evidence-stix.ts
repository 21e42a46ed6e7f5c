/** Synthetic STIX 2.1 bundles in the public feeds' shape, including awkward and broken patterns. */
import { IOS_IOCS } from './evidence-ios.ts';

export const ANDROID_IOCS = {
  packageName: 'com.evil.android.spy',
  fileSha256: 'a'.repeat(64),
  certSha256: 'b'.repeat(64),
  property: 'persist.spy.enabled',
  filePath: '/data/local/tmp/wd/',
  process: 'spyd',
};

const quote = (v: string) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export function stixBundle(name: string, patterns: readonly string[]) {
  return {
    type: 'bundle',
    id: `bundle--${name}`,
    objects: [
      { type: 'malware', spec_version: '2.1', id: `malware--${name}`, name, is_family: false },
      ...patterns.flatMap((pattern, i) => [
        {
          type: 'indicator',
          spec_version: '2.1',
          id: `indicator--${name}-${i}`,
          pattern,
          pattern_type: 'stix',
          pattern_version: '2.1',
        },
        {
          type: 'relationship',
          spec_version: '2.1',
          id: `relationship--${name}-${i}`,
          relationship_type: 'indicates',
          source_ref: `indicator--${name}-${i}`,
          target_ref: `malware--${name}`,
        },
      ]),
    ],
  };
}

/** Every indicator the synthetic iOS and Android evidence is built to hit, plus tricky and broken ones. */
export function testIndicatorBundle() {
  return stixBundle('TestSpy', [
    `[domain-name:value = ${quote(IOS_IOCS.domain)}]`,
    `[process:name = ${quote(IOS_IOCS.processLong)}] OR [process:name = ${quote(IOS_IOCS.process)}]`,
    `[email-addr:value=${quote(IOS_IOCS.email)}]`,
    `[file:path = ${quote(IOS_IOCS.filePath)}]`,
    `[file:name = ${quote(IOS_IOCS.fileName)}]`,
    `[configuration-profile:id = ${quote(IOS_IOCS.profileId)}]`,
    `[app:id = ${quote(IOS_IOCS.appId)}]`,
    `[app:id = ${quote(ANDROID_IOCS.packageName)}]`,
    `[file:hashes.'SHA-256' = ${quote(ANDROID_IOCS.fileSha256)}]`,
    `[app:cert.sha256 = ${quote(ANDROID_IOCS.certSha256)}]`,
    `[android-property:name = ${quote(ANDROID_IOCS.property)}]`,
    `[file:path = ${quote(ANDROID_IOCS.filePath)}]`,
    `[process:name = ${quote(ANDROID_IOCS.process)}]`,
    // A URL with = and an escaped quote: feeds' naive splitting breaks on these.
    `[url:value = ${quote("https://tracker.example/a?id=1&x='y'")}]`,
    // Malformed: reported and skipped, the rest still loads.
    "[domain-name:value = 'unterminated.example]",
    "[ipv6-addr:value = '2001:db8::1']",
  ]);
}
