/** The shipped baselines parse, resolve and compile cleanly, and every requirement cites its source. */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY } from '../time.ts';
import { compareProtocols } from './compare.ts';
import { compileProtocol } from './compile.ts';
import { formatProtocolProblems, parseProtocolText } from './parse.ts';
import type { ProtocolDocument } from './protocol.schema.ts';
import { resolveProtocol } from './resolve.ts';

const dir = new URL('../../../baselines/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));

const documents = new Map<string, ProtocolDocument>();
for (const file of files) {
  const result = parseProtocolText(readFileSync(new URL(file, dir), 'utf8'), `baselines/${file}`);
  if (!result.ok) throw new Error(formatProtocolProblems(result.problems));
  documents.set(result.document.metadata.name, result.document);
}
const lookup = (name: string): ProtocolDocument | undefined => documents.get(name);
const resolved = new Map([...documents.keys()].map((name) => [name, resolveProtocol(name, lookup)]));

describe('baselines', () => {
  it('ships the four baselines, each named after its file', () => {
    expect(files.sort()).toEqual([
      'cisa-hti.yaml',
      'nsa-mobile.yaml',
      'relaxed-social.yaml',
      'strict-30day.yaml',
    ]);
    for (const [name, doc] of documents) {
      expect(files).toContain(`${name}.yaml`);
      expect(doc.apiVersion).toBe('vigil/v1');
    }
  });

  it.each(files)('%s parses, resolves and compiles with no problem', (file) => {
    const name = file.replace(/\.yaml$/, '');
    const doc = resolved.get(name);
    expect(doc?.metadata.extends).toBeNull();
    expect(() => compileProtocol(doc as ProtocolDocument)).not.toThrow();
  });

  it.each(files)('%s gives every requirement a non-empty cite of a described source', (file) => {
    const doc = resolved.get(file.replace(/\.yaml$/, '')) as ProtocolDocument;
    const sources = doc.metadata.sources ?? [];
    expect(sources.length).toBeGreaterThan(0);
    for (const s of sources) {
      expect(s.title.length).toBeGreaterThan(0);
      expect(s.section?.length ?? 0).toBeGreaterThan(0);
      if (s.url !== undefined) expect(s.url).toMatch(/^https:\/\//);
    }
    const sections = [
      ...Object.entries(doc.roles ?? {}).flatMap(([role, r]) =>
        Object.entries(r ?? {}).map(([section, value]) => [`roles.${role}.${section}`, value] as const),
      ),
      ...Object.entries(doc.facilities ?? {}).map(([id, f]) => [`facilities.${id}`, f] as const),
      ...(doc.waivers === undefined ? [] : [['waivers', doc.waivers] as const]),
    ];
    expect(sections.length).toBeGreaterThan(0);
    for (const [path, value] of sections) {
      if (value === null || value === undefined) continue; // an exemption has nothing to cite
      expect(value.cite?.length ?? 0, `${path} cites no source`).toBeGreaterThan(0);
    }
  });

  it('strict-30day: 30-day swaps and checks, sensors off on every role, personal phones banned', () => {
    const c = compileProtocol(resolved.get('strict-30day') as ProtocolDocument);
    for (const role of ['calls', 'social', 'news', 'general'] as const) {
      const r = c.roles[role];
      expect(r?.rotation?.every).toBe(30 * DAY);
      expect(r?.inspection?.every).toBe(30 * DAY);
      expect(r?.sensors?.disabled).toEqual(expect.arrayContaining(['camera', 'microphone', 'location']));
      expect(r?.os?.lockdownMode).toBe('required');
      expect(r?.apps?.allow.size).toBeGreaterThan(0);
    }
    expect(c.roles.calls?.apps?.allow.has('com.apple.mobilephone')).toBe(true);
    expect(c.facilities).toEqual([
      expect.objectContaining({
        id: 'main-building',
        personalDevices: 'banned',
        acknowledgement: 'required',
      }),
    ]);
    expect(c.waivers).toEqual({ maxDuration: 90 * DAY, approverRole: 'officer' });
  });

  it('relaxed-social differs from strict-30day only in the social phone', () => {
    const diffs = compareProtocols(
      resolved.get('strict-30day') as ProtocolDocument,
      resolved.get('relaxed-social') as ProtocolDocument,
    );
    expect(diffs).toEqual([
      { path: 'roles.social.rotation.every', a: 'P30D', b: null, stricter: 'a' },
      { path: 'roles.social.rotation.grace', a: 'P3D', b: null, stricter: 'a' },
      { path: 'roles.social.sensors.camera', a: 'disabled', b: 'allowed', stricter: 'a' },
      { path: 'roles.social.sensors.microphone', a: 'disabled', b: 'allowed', stricter: 'a' },
    ]);
    const social = compileProtocol(resolved.get('relaxed-social') as ProtocolDocument).roles.social;
    expect(social?.rotation).toBeNull();
    expect(social?.inspection?.every).toBe(30 * DAY);
  });

  it('compare(a, a) is empty and compare(b, a) mirrors compare(a, b) for any baselines', () => {
    const names = fc.constantFrom(...resolved.keys());
    fc.assert(
      fc.property(names, names, (x, y) => {
        const a = resolved.get(x) as ProtocolDocument;
        const b = resolved.get(y) as ProtocolDocument;
        expect(compareProtocols(a, a)).toEqual([]);
        const mirrored = compareProtocols(b, a).map((d) => ({
          path: d.path,
          a: d.b,
          b: d.a,
          stricter: d.stricter === 'a' ? 'b' : d.stricter === 'b' ? 'a' : d.stricter,
        }));
        expect(mirrored).toEqual(compareProtocols(a, b));
      }),
    );
  });
});
