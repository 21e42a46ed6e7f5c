import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical.ts';
import { formatCheckpoint, parseCheckpoint } from './checkpoint.ts';
import { encodeBase64, toHex } from './encoding.ts';
import { TlogError } from './errors.ts';
import { EMPTY_ROOT } from './merkle.ts';

describe('tlog-checkpoint', () => {
  it('parses the C2SP spec example and formats it back byte for byte', () => {
    const body = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
    const cp = parseCheckpoint(body);
    expect(cp.origin).toBe('example.com/behind-the-sofa');
    expect(cp.size).toBe(20852163);
    expect(toHex(cp.root)).toBe(
      Buffer.from('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=', 'base64').toString('hex'),
    );
    expect(cp.extensions).toEqual([]);
    expect(formatCheckpoint(cp)).toBe(body);
  });

  it('keeps extension lines', () => {
    const body = `Log\n0\n${encodeBase64(EMPTY_ROOT)}\next one\next two\n`;
    expect(parseCheckpoint(body).extensions).toEqual(['ext one', 'ext two']);
    expect(formatCheckpoint(parseCheckpoint(body))).toBe(body);
  });

  it('is strict', () => {
    const root = encodeBase64(EMPTY_ROOT);
    const bad = [
      `\n1\n${root}\n`, // empty origin
      `Log\n1\n${root}`, // missing final newline
      'Log\n1\n', // too few lines
      `Log\n01\n${root}\n`, // leading zero
      `Log\n-1\n${root}\n`,
      `Log\n1.0\n${root}\n`,
      `Log\n 1\n${root}\n`,
      `Log\n9007199254740993\n${root}\n`, // beyond safe integers
      'Log\n123\nYmFuYW5hcw==\n', // a 7-byte root ("bananas"), accepted by the Go parser
      `Log\n1\n${root.slice(0, -1)}\n`, // not padded
      `Log\n1\n${root.replace('+', '-')}\n`, // URL-safe alphabet
      `Log\n1\n${root}\n\n`, // empty extension line
      `Log\n1\n${root}\nx\ty\n`, // control character
    ];
    for (const body of bad) expect(() => parseCheckpoint(body), JSON.stringify(body)).toThrow(TlogError);
    expect(() => formatCheckpoint({ origin: 'a\nb', size: 1, root: EMPTY_ROOT, extensions: [] })).toThrow(
      TlogError,
    );
    expect(() => formatCheckpoint({ origin: 'a', size: 1, root: new Uint8Array(3), extensions: [] })).toThrow(
      TlogError,
    );
    expect(() => formatCheckpoint({ origin: 'a', size: 1.5, root: EMPTY_ROOT, extensions: [] })).toThrow(
      TlogError,
    );
  });
});

describe('canonicalJson', () => {
  it('sorts keys recursively, drops white space and escapes as JSON.stringify does', () => {
    const event = {
      v: 1,
      type: 't',
      seq: 3,
      at: '2026-01-01T00:00:00.000Z',
      actor: 'a',
      subject: null,
      payload: { z: [{ b: 1, a: 'é\n"' }], a: true },
    };
    expect(canonicalJson(event)).toBe(
      '{"actor":"a","at":"2026-01-01T00:00:00.000Z","payload":{"a":true,"z":[{"a":"é\\n\\"","b":1}]},"seq":3,"subject":null,"type":"t","v":1}',
    );
    // UTF-16 code unit order (RFC 8785), not locale order.
    expect(canonicalJson({ b: 0, a: 0, B: 0, é: 0, '\u{1F600}': 0, '\uFB33': 0 })).toBe(
      '{"B":0,"a":0,"b":0,"é":0,"\u{1F600}":0,"\uFB33":0}',
    );
    expect(canonicalJson(Object.assign(Object.create(null), { x: 1e21, y: -0, z: 0.1 }))).toBe(
      '{"x":1e+21,"y":0,"z":0.1}',
    );
  });

  it('refuses what JSON cannot represent faithfully', () => {
    for (const v of [
      undefined,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      () => 1,
      1n,
      Symbol('s'),
      new Date(0),
      new Map(),
    ])
      expect(() => canonicalJson({ k: v }), String(v)).toThrow(TlogError);
    // biome-ignore lint/suspicious/noSparseArray: a hole must not become "null" or vanish
    expect(() => canonicalJson([1, , 2])).toThrow(TlogError);
  });
});
