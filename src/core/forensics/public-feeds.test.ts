import { describe, expect, it } from 'vitest';
import { feedUrl, PUBLIC_FEEDS, publicFeed } from './public-feeds.ts';

describe('public indicator feeds', () => {
  it('have unique command-line names, https URLs to STIX files, a publisher and a licence', () => {
    const names = PUBLIC_FEEDS.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    for (const f of PUBLIC_FEEDS) {
      expect(f.name).toMatch(/^[a-z0-9-]+$/);
      expect(f.url).toMatch(/^https:\/\/.+\.stix2$/);
      expect(f.reference).toMatch(/^https:\/\//);
      expect(f.publisher).not.toBe('');
      expect(f.licence).not.toBe('');
    }
  });

  it('finds a feed by name and nothing for an unknown one', () => {
    expect(publicFeed('pegasus')?.url).toContain('2021-07-18_nso/pegasus.stix2');
    expect(publicFeed('Pegasus')).toBeUndefined();
  });

  it('serves the same path from a mirror, with or without its trailing slash', () => {
    const pegasus = publicFeed('pegasus');
    if (pegasus === undefined) throw new Error('pegasus missing');
    expect(feedUrl(pegasus, undefined)).toBe(pegasus.url);
    expect(feedUrl(pegasus, '')).toBe(pegasus.url);
    const mirrored =
      'http://mirror.local/feeds/AmnestyTech/investigations/master/2021-07-18_nso/pegasus.stix2';
    expect(feedUrl(pegasus, 'http://mirror.local/feeds')).toBe(mirrored);
    expect(feedUrl(pegasus, 'http://mirror.local/feeds/')).toBe(mirrored);
  });
});
