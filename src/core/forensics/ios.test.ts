import { describe, expect, it } from 'vitest';
import { IndicatorSet } from './indicators.ts';
import {
  checkCacheFiles,
  checkContacts,
  checkDataUsage,
  checkIdStatusCache,
  checkWebkitOrigins,
  parseOsVersion,
  webkitOriginOf,
} from './ios.ts';

const ind = new IndicatorSet(
  [{ type: 'process', value: 'bh', name: 'Pegasus', feed: 'pegasus.stix2' }],
  (host) => host,
);
const T = Date.parse('2026-10-01T12:00:00Z');

describe('DataUsage', () => {
  it('records every usage row joined to its process, with times and traffic, matched once per row', () => {
    const r = checkDataUsage(
      [
        { pk: 1, procName: 'bh/com.apple.bh', bundleName: null, firstTimestamp: T, timestamp: T + 9000 },
        {
          pk: 2,
          procName: 'MobileSafari',
          bundleName: 'com.apple.mobilesafari',
          firstTimestamp: T,
          timestamp: T,
        },
        { pk: 3, procName: 'backboardd', bundleName: null, firstTimestamp: T, timestamp: T },
      ],
      [
        { pk: 10, processPk: 1, timestamp: T + 1000, wwanIn: 100, wwanOut: 200, wifiIn: 5, wifiOut: 6 },
        { pk: 11, processPk: 1, timestamp: T + 2000, wwanIn: 300, wwanOut: 400 },
        { pk: 12, processPk: 2, timestamp: T + 3000, wwanIn: 1, wwanOut: 2 },
        { pk: 13, processPk: 7, timestamp: T + 4000, wwanIn: 0, wwanOut: 0 },
      ],
      ind,
    );
    // Four usage rows, and backboardd, which has none.
    expect(r.records).toHaveLength(5);
    expect(r.records[0]).toMatchObject({
      usagePk: 10,
      timestamp: '2026-10-01T12:00:01.000Z',
      wwanIn: 100,
      wwanOut: 200,
      wifiIn: 5,
      wifiOut: 6,
      process: { pk: 1, procName: 'bh/com.apple.bh' },
    });
    const hits = r.alerts.filter((a) => a.level === 'critical');
    expect(hits.map((a) => a.eventTime)).toEqual([T + 1000, T + 2000]);
    expect(r.alerts.find((a) => a.level === 'high')?.message).toBe(
      'Network usage row 13 refers to deleted process 7 (records manipulated)',
    );
    expect(r.timeline.filter((e) => e.event === 'network usage')).toHaveLength(4);
    expect(r.timeline.find((e) => e.at === T + 2000)?.description).toBe(
      'bh/com.apple.bh: 300 B in, 400 B out (cellular)',
    );
  });
});

describe('contact handles', () => {
  const handles = new IndicatorSet(
    [
      { type: 'email', value: 'op@mail.example', name: 'Spy', feed: 'f' },
      { type: 'domain', value: 'relay.example', name: 'Spy', feed: 'f' },
      { type: 'domain', value: '15550100', name: 'Spy', feed: 'f' },
    ],
    (host) => host.split('.').slice(-2).join('.'),
  );
  const lookup = (handle: string) => ({
    service: 'com.apple.madrid',
    handle,
    lookupStatus: 1,
    lookupDate: T,
  });

  it('match an email exactly (any case, with or without mailto:), else its domain; never a phone number', () => {
    const r = checkIdStatusCache(
      [
        lookup('mailto:OP@mail.example'),
        lookup('x@a.relay.example'),
        lookup('tel:+15550100'),
        lookup('15550100'),
        lookup('mailto:friend@other.example'),
      ],
      handles,
    );
    expect(r.records).toHaveLength(5);
    expect(r.alerts.map((a) => [a.matchedIndicator?.value, a.level])).toEqual([
      ['op@mail.example', 'critical'],
      ['relay.example', 'critical'],
    ]);
    expect(r.timeline).toHaveLength(5);
  });

  it('are high, not critical, when only saved in the address book', () => {
    const r = checkContacts(
      [
        {
          rowid: 1,
          first: 'Op',
          last: null,
          organization: null,
          created: T,
          modified: T,
          phones: ['+15550100'],
          emails: ['op@mail.example'],
          urls: [],
        },
      ],
      handles,
    );
    expect(r.alerts.map((a) => a.level)).toEqual(['high']);
  });
});

describe('WebKit website-data origins', () => {
  it('decodes `<scheme>_<host>_<port>` folder and LocalStorage names, port 0 being the default', () => {
    expect(webkitOriginOf('https_evil.example_0')).toEqual({
      origin: 'https://evil.example',
      host: 'evil.example',
    });
    expect(webkitOriginOf('http_Intranet.Example_8080.localstorage-wal')).toEqual({
      origin: 'http://intranet.example:8080',
      host: 'intranet.example',
    });
    for (const name of ['v1', 'StorageTracker.db', 'https__0', 'file__0', 'https_x.example', 'IndexedDB'])
      expect(webkitOriginOf(name)).toBeNull();
  });

  it('matches the origin host as a domain (subdomains included), timed by the folder', () => {
    const domains = new IndicatorSet(
      [{ type: 'domain', value: 'evil.example', name: 'Spy', feed: 'spy.stix2' }],
      (host) => host.split('.').slice(-2).join('.'),
    );
    const r = checkWebkitOrigins(
      'webkit_indexeddb',
      [
        {
          container: 'AppDomain-a',
          folder: 'f1',
          origin: 'https://cdn.evil.example',
          host: 'cdn.evil.example',
          modified: T,
        },
        {
          container: 'AppDomain-a',
          folder: 'f2',
          origin: 'https://good.example',
          host: 'good.example',
          modified: null,
        },
      ],
      domains,
    );
    expect(r.records).toHaveLength(2);
    expect(r.timeline).toEqual([
      {
        at: T,
        module: 'webkit_indexeddb',
        event: 'website_data',
        description: 'AppDomain-a: https://cdn.evil.example',
      },
    ]);
    expect(r.alerts.map((a) => [a.level, a.matchedIndicator?.value])).toEqual([['critical', 'evil.example']]);
    const cached = checkCacheFiles(
      [
        {
          container: 'AppDomain-a',
          path: 'Library/Caches/a/Cache.db',
          url: 'https://good.example/x',
          timestamp: T,
        },
      ],
      domains,
    );
    expect(cached.alerts).toEqual([]);
    expect(cached.records).toEqual([
      {
        container: 'AppDomain-a',
        path: 'Library/Caches/a/Cache.db',
        url: 'https://good.example/x',
        timestamp: '2026-10-01T12:00:00.000Z',
      },
    ]);
  });
});

describe('OS version text', () => {
  it('splits the IPS header form into version and build, and leaves other text unparsed', () => {
    expect(parseOsVersion('iPhone OS 17.3.1 (21D61)')).toEqual({ version: '17.3.1', build: '21D61' });
    expect(parseOsVersion('iPhone OS 26.0 (23A341) ')).toEqual({ version: '26.0', build: '23A341' });
    expect(parseOsVersion('iPhone OS')).toEqual({ version: null, build: null });
  });
});
