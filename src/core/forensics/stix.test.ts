import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Alert, type AlertLevel, scanVerdict } from './alerts.ts';
import { IndicatorSet } from './indicators.ts';
import { loadStixBundle, normalisePath, parsePattern } from './stix.ts';

const domainOf = (h: string) => h.split('.').slice(-2).join('.');

function bundle(patterns: string[], extra: object[] = []) {
  return {
    type: 'bundle',
    id: 'bundle--1',
    objects: [
      { type: 'malware', id: 'malware--1', name: 'Predator' },
      ...patterns.flatMap((pattern, i) => [
        { type: 'indicator', id: `indicator--${i}`, pattern, pattern_type: 'stix' },
        {
          type: 'relationship',
          id: `relationship--${i}`,
          source_ref: `indicator--${i}`,
          target_ref: 'malware--1',
        },
      ]),
      ...extra,
    ],
  };
}

describe('STIX patterns', () => {
  it('parses a single comparison with or without spaces', () => {
    expect(parsePattern("[domain-name:value='evil.example']")).toEqual({
      ok: true,
      comparisons: [{ path: 'domain-name:value', operator: '=', value: 'evil.example' }],
    });
    expect(parsePattern("[url:value = 'https://x.example/?a=1&b=2']")).toEqual({
      ok: true,
      comparisons: [{ path: 'url:value', operator: '=', value: 'https://x.example/?a=1&b=2' }],
    });
  });

  it('handles escaped quotes, brackets and = inside values', () => {
    const r = parsePattern("[file:name = 'it\\'s [a]=b.txt']");
    expect(r).toEqual({
      ok: true,
      comparisons: [{ path: 'file:name', operator: '=', value: "it's [a]=b.txt" }],
    });
  });

  it('normalises hash-key spellings', () => {
    for (const k of [
      "file:hashes.'SHA-256'",
      'file:hashes.SHA256',
      'file:hashes.sha256',
      "file:hashes.'sha-256'",
    ]) {
      expect(normalisePath(k)).toBe('file:hashes.sha256');
    }
    const r = parsePattern("[file:hashes.'SHA-256' = 'AB']");
    expect(r.ok && r.comparisons[0]?.path).toBe('file:hashes.sha256');
  });

  it('expands OR, within and between observations, and refuses AND', () => {
    const r = parsePattern(
      "[process:name = 'bh' OR process:name = 'roleaccountd'] OR ([email-addr:value = 'a@b.c'])",
    );
    expect(r.ok && r.comparisons.map((c) => c.value)).toEqual(['bh', 'roleaccountd', 'a@b.c']);
    expect(parsePattern("[process:name = 'a' AND file:name = 'b']").ok).toBe(false);
    expect(parsePattern("[process:name = 'a'] AND [file:name = 'b']").ok).toBe(false);
  });

  it('reports malformed patterns', () => {
    for (const p of [
      "[domain-name:value = 'unterminated]",
      'domain-name:value = x',
      '[]',
      "[a:b 'x']",
      "[a:b = 'x'",
      "[a:b = 'x\\q']",
    ]) {
      expect(parsePattern(p).ok, p).toBe(false);
    }
  });

  it('round-trips any value through quoting (property)', () => {
    fc.assert(
      fc.property(fc.string(), (v) => {
        const quoted = v.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
        const r = parsePattern(`[url:value = '${quoted}']`);
        return r.ok && r.comparisons[0]?.value === v;
      }),
    );
  });
});

describe('STIX bundles', () => {
  it('loads indicators into collections and skips a malformed pattern without losing the rest', () => {
    const b = bundle(
      [
        "[domain-name:value = 'Evil.Example']",
        "[url:value = 'broken",
        "[x-custom:thing = 'a']",
        "[process:name = 'bh']",
      ],
      [
        { type: 'report', id: 'report--1', name: 'Report A', object_refs: ['indicator--9'] },
        { type: 'indicator', id: 'indicator--9', pattern: "[email-addr:value = 'X@Y.example']" },
        { type: 'indicator', id: 'indicator--10', pattern: "[app:id = 'com.spy']" },
      ],
    );
    const r = loadStixBundle(b, 'predator.stix2');
    expect(r.indicators).toEqual([
      { type: 'domain', value: 'evil.example', name: 'Predator', feed: 'predator.stix2' },
      { type: 'process', value: 'bh', name: 'Predator', feed: 'predator.stix2' },
      { type: 'email', value: 'x@y.example', name: 'Report A', feed: 'predator.stix2' },
      { type: 'app-id', value: 'com.spy', name: 'Default collection', feed: 'predator.stix2' },
    ]);
    expect(r.problems.map((p) => p.id)).toEqual(['indicator--1', 'indicator--2']);
    expect(loadStixBundle({ nope: 1 }, 'f').problems).toHaveLength(1);
  });
});

describe('matching', () => {
  const set = new IndicatorSet(
    loadStixBundle(
      bundle([
        "[domain-name:value = 'evil.example']",
        "[url:value = 'https://x.example/path?a=1']",
        "[process:name = 'com.apple.something.long']",
        "[process:name = 'bh']",
        "[file:path = '/private/var/tmp/l/']",
        "[file:name = 'roleaccountd.plist']",
        "[file:hashes.sha256 = 'AA00']",
        "[file:hashes.md5 = '0123456789abcdef0123456789abcdef']",
        "[configuration-profile:id = '76DAB334-7E17-475D-A5D6-0794EB5818A5']",
      ]),
      'f',
    ).indicators,
    domainOf,
  );

  it('matches domains by host and registrable domain', () => {
    expect(set.checkUrl('https://evil.example/a')?.value).toBe('evil.example');
    expect(set.checkUrl('http://a.b.EVIL.example:8080/x')?.value).toBe('evil.example');
    expect(set.checkUrl('evil.example/no-scheme')?.value).toBe('evil.example');
    expect(set.checkUrl('https://notevil.example/')).toBeNull();
    expect(set.checkUrl('https://x.example/path?a=1')?.type).toBe('url');
    expect(set.checkUrl('https://x.example/other')).toBeNull();
  });

  it('matches processes by basename and 16-character truncation', () => {
    expect(set.checkProcess('/usr/libexec/bh')?.value).toBe('bh');
    expect(set.checkProcess('com.apple.someth')?.value).toBe('com.apple.something.long');
    expect(set.checkProcess('com.apple.some')).toBeNull();
    expect(set.checkProcess('bhx')).toBeNull();
  });

  it('matches files by name and by path prefix', () => {
    expect(set.checkFilePath('/private/var/tmp/l/payload')?.value).toBe('/private/var/tmp/l/');
    expect(set.checkFilePath('/private/var/tmp/l')?.value).toBe('/private/var/tmp/l/');
    expect(set.checkFilePath('/Library/roleaccountd.plist')?.value).toBe('roleaccountd.plist');
    expect(set.checkFilePath('/private/var/tmp/other')).toBeNull();
  });

  it('matches hashes by length, case-insensitively, and profiles by equality', () => {
    expect(set.checkHash('aa00')?.type).toBe('sha256');
    expect(set.checkHash('0123456789ABCDEF0123456789ABCDEF')?.type).toBe('md5');
    expect(set.checkProfileId('76dab334-7e17-475d-a5d6-0794eb5818a5')?.type).toBe('profile-id');
    expect(set.checkProfileId('76DAB334')).toBeNull();
  });
});

describe('scan verdict', () => {
  const alert = (level: AlertLevel, matched: boolean): Alert => ({
    level,
    module: 'm',
    message: 'x',
    eventTime: null,
    event: {},
    matchedIndicator: matched ? { type: 'domain', value: 'a.example', name: 'n', feed: 'f' } : null,
  });
  it('is compromised on a critical indicator match, suspicious from high, clean otherwise', () => {
    expect(scanVerdict([alert('critical', true), alert('low', false)])).toBe('compromised');
    expect(scanVerdict([alert('high', false)])).toBe('suspicious');
    expect(scanVerdict([alert('critical', false)])).toBe('suspicious');
    expect(scanVerdict([alert('medium', true), alert('info', false)])).toBe('clean');
    expect(scanVerdict([])).toBe('clean');
  });
});
