import { describe, expect, it } from 'vitest';
import { csvField, guardFormula, toCsv } from './csv.ts';

describe('csvField (RFC 4180)', () => {
  it('leaves plain text bare and quotes commas, quotes, CR and LF', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
  });

  it('renders null empty, numbers and booleans plainly, lists with ; and objects as JSON', () => {
    expect(csvField(null)).toBe('');
    expect(csvField(42)).toBe('42');
    expect(csvField(-3)).toBe('-3');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(true)).toBe('true');
    expect(csvField(['a', 'b'])).toBe('a;b');
    expect(csvField({ k: 'v', n: 1 })).toBe('"{""k"":""v"",""n"":1}"');
  });
});

describe('formula injection', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
  ])('neutralises %j', (input, expected) => {
    expect(csvField(input)).toBe(expected);
  });

  it('guards lists and objects whose text starts with a formula character', () => {
    expect(csvField(['=1', 'b'])).toBe("'=1;b");
    expect(guardFormula('ok=1')).toBe('ok=1');
  });
});

describe('toCsv', () => {
  it('writes a header and CRLF-terminated records in column order', () => {
    const text = toCsv(['id', 'note'], [{ id: 'a', note: 'x,y' }, { id: 'b' }]);
    expect(text).toBe('id,note\r\na,"x,y"\r\nb,\r\n');
  });

  it('round-trips through a strict RFC 4180 reader', () => {
    const rows = [
      { a: 'he said "no"', b: 'line1\r\nline2' },
      { a: '', b: 'x' },
    ];
    const parsed = parseCsv(toCsv(['a', 'b'], rows));
    expect(parsed).toEqual([
      ['a', 'b'],
      ['he said "no"', 'line1\r\nline2'],
      ['', 'x'],
    ]);
  });
});

/** A minimal RFC 4180 reader, to check the writer against the grammar rather than itself. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (text[i] === '"') {
          i++;
          break;
        } else {
          field += text[i];
          i++;
        }
      }
    } else if (text[i] === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (text.startsWith('\r\n', i)) {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else {
      field += text[i];
      i++;
    }
  }
  return records;
}
