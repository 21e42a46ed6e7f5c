import { describe, expect, it } from 'vitest';
import { webkitOriginFile } from '../../../test/support/evidence-ios-fs.ts';
import { decodeWebkitOriginFile, originString } from './webkit-origin.ts';

describe("WebKit's origin file", () => {
  it('decodes the top-frame and frame origins: Latin-1 and UTF-16 strings, with and without a port', () => {
    const file = webkitOriginFile(
      { protocol: 'https', host: 'news.example.org' },
      { protocol: 'http', host: 'bücher.example', port: 8080, wide: true },
    );
    const o = decodeWebkitOriginFile(file);
    expect(o.topOrigin).toEqual({ protocol: 'https', host: 'news.example.org', port: null });
    expect(o.clientOrigin).toEqual({ protocol: 'http', host: 'bücher.example', port: 8080 });
    expect(originString(o.topOrigin)).toBe('https://news.example.org');
    expect(originString(o.clientOrigin)).toBe('http://bücher.example:8080');
    expect(originString({ protocol: 'http', host: '::1', port: null })).toBe('http://[::1]');
  });

  it('refuses a truncated file, a bad flag and an opaque (null) origin, naming why', () => {
    const good = webkitOriginFile({ protocol: 'https', host: 'a.example' });
    expect(() => decodeWebkitOriginFile(good.subarray(0, good.length - 1))).toThrow(/truncated/);
    const badFlag = Buffer.from(good);
    badFlag[4] = 7;
    expect(() => decodeWebkitOriginFile(badFlag)).toThrow(/not a flag/);
    const opaque = Buffer.concat([
      Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0]),
      good.subarray(good.length / 2),
    ]);
    expect(() => decodeWebkitOriginFile(opaque)).toThrow(/top origin is empty/);
    // A length past the end is not read as a huge allocation.
    const huge = Buffer.from(good);
    huge.writeUInt32LE(0x7fffffff, 0);
    expect(() => decodeWebkitOriginFile(huge)).toThrow(/truncated/);
  });
});
