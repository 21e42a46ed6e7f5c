import { describe, expect, it } from 'vitest';
import { eventLine, streamPosition } from './jsonl.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const line = (seq: number) =>
  eventLine({
    seq,
    type: 'demo.loaded',
    at: 0,
    actor: 'a',
    actorPersonId: null,
    subject: 's',
    payload: { n: 'é' },
  });

describe('eventLine', () => {
  it('is one JSON object and a newline, keys in a fixed order', () => {
    const l = line(7);
    expect(l.endsWith('\n')).toBe(true);
    expect(l.indexOf('\n')).toBe(l.length - 1);
    expect(Object.keys(JSON.parse(l))).toEqual([
      'seq',
      'type',
      'at',
      'actor',
      'actorPersonId',
      'subject',
      'payload',
    ]);
    expect(JSON.parse(l).at).toBe('1970-01-01T00:00:00.000Z');
  });
});

describe('streamPosition', () => {
  it('is seq 0 for an empty file', () => {
    expect(streamPosition(enc(''), 0)).toEqual({ seq: 0, completeBytes: 0 });
  });

  it('reads the seq of the last complete line', () => {
    const text = line(1) + line(2);
    expect(streamPosition(enc(text), 0)).toEqual({ seq: 2, completeBytes: enc(text).length });
  });

  it('ignores a partial last line (a crash mid-write) and says where to cut', () => {
    const good = line(1) + line(2);
    const text = `${good}{"seq":3,"ty`;
    expect(streamPosition(enc(text), 0)).toEqual({ seq: 2, completeBytes: enc(good).length });
  });

  it('asks for a longer tail when the last line starts before it', () => {
    const bytes = enc(line(1) + line(2));
    const mid = enc(line(1)).length + 5; // inside line 2
    expect(streamPosition(bytes.subarray(mid), mid)).toBeNull();
    const lastStart = enc(line(1)).length - 1; // the tail starts at line 1's newline
    expect(streamPosition(bytes.subarray(lastStart), lastStart)).toEqual({
      seq: 2,
      completeBytes: bytes.length,
    });
  });

  it('refuses a file whose last line is not an event line', () => {
    expect(() => streamPosition(enc('hello\n'), 0)).toThrow(/not a Vigil event line/);
  });
});
