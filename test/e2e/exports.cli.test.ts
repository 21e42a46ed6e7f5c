/**
 * `vigil export …` end to end on the demo office: tables to files and stdout, OSCAL documents
 * (fleet, one person, a past date, POA&M) validated against NIST's OSCAL 1.2.1 schemas, and
 * the JSON-lines stream appended to a file across runs without duplicates or gaps.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_COLUMNS } from '../../src/core/exports/entities.ts';
import { DAY } from '../../src/core/time.ts';
import { type CliEnv, cliEnv } from '../support/cli-env.ts';
import { oscalErrors } from '../support/oscal.ts';

let cli: CliEnv;
const PAST = new Date(Date.now() - 45 * DAY).toISOString();

beforeAll(async () => {
  cli = cliEnv();
  const r = await cli.run('demo');
  expect(r.code, r.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  await cli.cleanup();
});

const read = (name: string) => readFileSync(join(cli.cwd, name), 'utf8');
const seqs = (text: string) =>
  text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => (JSON.parse(l) as { seq: number }).seq);

describe('vigil export csv|json', () => {
  it('writes a CSV file with the documented header', async () => {
    const r = await cli.run('--json', 'export', 'csv', 'findings', '--out', 'findings.csv');
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { rows: number; sha256: string };
    const text = read('findings.csv');
    expect(text.split('\r\n')[0]).toBe(EXPORT_COLUMNS.findings.join(','));
    expect(text.split('\r\n').length - 2).toBe(summary.rows);
  });

  it('prints JSON as of a past instant to stdout', async () => {
    const r = await cli.run('export', 'json', 'devices', '--as-of', PAST);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { entity: string; asOf: string; rows: unknown[] };
    expect(doc).toMatchObject({ entity: 'devices', asOf: new Date(PAST).toISOString() });
    expect(doc.rows.length).toBeGreaterThan(0);
  });

  it('refuses an unknown entity and a malformed instant with exit 2', async () => {
    expect((await cli.run('export', 'csv', 'secrets')).code).toBe(2);
    expect((await cli.run('export', 'csv', 'findings', '--as-of', 'last tuesday')).code).toBe(2);
  });
});

describe('vigil export oscal-ar|oscal-poam', () => {
  it('fleet, one person and a past date are valid assessment results', async () => {
    const people = await cli.run('--json', 'person', 'list');
    const person = (JSON.parse(people.stdout) as { id: string; kind: string }[]).find(
      (p) => p.kind === 'principal',
    );
    for (const args of [[], ['--as-of', PAST], ['--person', person?.id ?? '']]) {
      const r = await cli.run('export', 'oscal-ar', ...args, '--out', 'ar.json');
      expect(r.code, r.stderr).toBe(0);
      expect(oscalErrors('ar', JSON.parse(read('ar.json'))), args.join(' ')).toEqual([]);
    }
  });

  it('POA&M as of now and a past date is valid', async () => {
    for (const args of [[], ['--as-of', PAST]]) {
      const r = await cli.run('export', 'oscal-poam', ...args);
      expect(r.code, r.stderr).toBe(0);
      expect(oscalErrors('poam', JSON.parse(r.stdout))).toEqual([]);
    }
  });
});

describe('vigil export jsonl', () => {
  it('appends to a file across runs, resuming after its last line (and a torn one)', async () => {
    const first = await cli.run('export', 'jsonl', '--out', 'siem.jsonl');
    expect(first.code, first.stderr).toBe(0);
    const once = seqs(read('siem.jsonl'));
    expect(once.length).toBeGreaterThan(10);
    appendFileSync(join(cli.cwd, 'siem.jsonl'), '{"seq":'); // a run killed mid-write
    const second = await cli.run('export', 'jsonl', '--out', 'siem.jsonl');
    expect(second.code, second.stderr).toBe(0);
    const twice = seqs(read('siem.jsonl'));
    // The first run's own export.created event is the one new line.
    expect(twice.slice(0, once.length)).toEqual(once);
    expect(twice.length).toBe(once.length + 1);
    expect(new Set(twice).size).toBe(twice.length);
    expect([...twice].sort((a, b) => a - b)).toEqual(twice);
    const types = read('siem.jsonl')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).type as string);
    expect(types.at(-1)).toBe('export.created');
  });

  it('prints the events after --since to stdout', async () => {
    const r = await cli.run('export', 'jsonl', '--since', '3');
    expect(r.code, r.stderr).toBe(0);
    const s = seqs(r.stdout);
    expect(s[0]).toBeGreaterThan(3);
    expect(r.stderr).toMatch(/events/);
  });

  it('refuses --since that contradicts the file it would append to', async () => {
    const r = await cli.run('export', 'jsonl', '--since', '1', '--out', 'siem.jsonl');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/EXPORT_INVALID/);
  });
});
