import { describe, expect, it } from 'vitest';
import { VigilError } from '../errors.ts';
import type { ProtocolDocument } from './protocol.schema.ts';
import { protocolChain, resolveProtocol } from './resolve.ts';

function doc(
  name: string,
  rest: Partial<ProtocolDocument> & { extends?: string | null } = {},
): ProtocolDocument {
  const { extends: parent, ...body } = rest;
  return {
    apiVersion: 'vigil/v1',
    kind: 'Protocol',
    metadata: { name, title: name, version: '1', ...(parent === undefined ? {} : { extends: parent }) },
    ...body,
  };
}

const base = doc('base', {
  metadata: {
    name: 'base',
    title: 'Base',
    version: '3',
    description: 'the base',
    sources: [
      { id: 's1', title: 'Source one' },
      { id: 's2', title: 'Source two' },
    ],
  },
  roles: {
    calls: {
      rotation: { every: 'P30D', grace: 'P3D', cite: ['s1'] },
      sensors: { camera: 'disabled', microphone: 'disabled', location: 'disabled', cite: ['s1', 's2'] },
      apps: { allow: ['com.apple.mobilephone', 'com.apple.Preferences'], cite: ['s2'] },
    },
    social: { rotation: { every: 'P30D', cite: ['s1'] }, posture: { maxAge: 'P7D', cite: ['s2'] } },
  },
  facilities: {
    'main-building': { personalDevices: 'banned', acknowledgement: 'required', cite: ['s1'] },
    annex: { personalDevices: 'banned' },
  },
  waivers: { maxDuration: 'P90D', approverRole: 'officer', cite: ['s2'] },
  severities: { 'rotation.overdue': 'high' },
});

function lookupOf(...docs: ProtocolDocument[]): (name: string) => ProtocolDocument | undefined {
  const byName = new Map(docs.map((d) => [d.metadata.name, d]));
  return (name) => byName.get(name);
}

function thrown(fn: () => unknown): VigilError {
  try {
    fn();
  } catch (e) {
    if (e instanceof VigilError) return e;
    throw e;
  }
  throw new Error('expected a VigilError');
}

describe('resolveProtocol', () => {
  it('returns a protocol without a parent unchanged, with extends null', () => {
    const resolved = resolveProtocol('base', lookupOf(base));
    expect(resolved).toEqual({ ...base, metadata: { ...base.metadata, extends: null } });
  });

  it('deep-merges the child over the parent, down to single settings', () => {
    const child = doc('child', {
      extends: 'base',
      roles: {
        calls: {
          rotation: { every: 'P14D', cite: ['s2'] },
          sensors: { camera: 'allowed', cite: ['s1'] },
        },
      },
      facilities: { 'main-building': { personalDevices: 'allowed' } },
      severities: { 'inspection.overdue': 'critical' },
    });
    const r = resolveProtocol('child', lookupOf(base, child));
    expect(r.roles?.calls?.rotation).toEqual({ every: 'P14D', grace: 'P3D', cite: ['s1', 's2'] });
    expect(r.roles?.calls?.sensors).toEqual({
      camera: 'allowed',
      microphone: 'disabled',
      location: 'disabled',
      cite: ['s1', 's2'],
    });
    expect(r.roles?.calls?.apps).toEqual(base.roles?.calls?.apps);
    expect(r.roles?.social).toEqual(base.roles?.social);
    expect(r.facilities?.['main-building']).toEqual({
      personalDevices: 'allowed',
      acknowledgement: 'required',
      cite: ['s1'],
    });
    expect(r.facilities?.annex).toEqual({ personalDevices: 'banned' });
    expect(r.waivers).toEqual(base.waivers);
    expect(r.severities).toEqual({ 'rotation.overdue': 'high', 'inspection.overdue': 'critical' });
  });

  it('replaces lists rather than merging them', () => {
    const child = doc('child', {
      extends: 'base',
      roles: { calls: { apps: { allow: ['com.apple.mobilephone'] } } },
    });
    const r = resolveProtocol('child', lookupOf(base, child));
    expect(r.roles?.calls?.apps).toEqual({ allow: ['com.apple.mobilephone'], cite: ['s2'] });
  });

  it('removes an inherited section, role or facility with an explicit null', () => {
    const child = doc('child', {
      extends: 'base',
      roles: { calls: { rotation: null }, social: null },
      facilities: { annex: null },
    });
    const r = resolveProtocol('child', lookupOf(base, child));
    expect(r.roles?.calls?.rotation).toBeNull();
    expect(r.roles?.calls?.sensors).toEqual(base.roles?.calls?.sensors);
    expect(r.roles?.social).toBeNull();
    expect(r.facilities?.annex).toBeNull();
    expect(r.facilities?.['main-building']).toEqual(base.facilities?.['main-building']);
  });

  it("takes the child's metadata and concatenates sources, deduplicated by id", () => {
    const child = doc('child', {
      metadata: {
        name: 'child',
        title: 'Child',
        version: '7',
        extends: 'base',
        sources: [
          { id: 's2', title: 'Source two, newer edition' },
          { id: 's3', title: 'Source three' },
        ],
      },
    });
    const r = resolveProtocol('child', lookupOf(base, child));
    expect(r.metadata).toEqual({
      name: 'child',
      title: 'Child',
      version: '7',
      extends: null,
      sources: [
        { id: 's1', title: 'Source one' },
        { id: 's2', title: 'Source two, newer edition' },
        { id: 's3', title: 'Source three' },
      ],
    });
  });

  it('merges a chain of three, grandparent first', () => {
    const mid = doc('mid', { extends: 'base', roles: { calls: { rotation: { every: 'P21D' } } } });
    const leaf = doc('leaf', {
      extends: 'mid',
      roles: { calls: { rotation: { every: 'P7D', grace: 'P1D' } } },
    });
    const lookup = lookupOf(base, mid, leaf);
    expect(protocolChain('leaf', lookup).map((d) => d.metadata.name)).toEqual(['leaf', 'mid', 'base']);
    expect(resolveProtocol('leaf', lookup).roles?.calls?.rotation).toEqual({
      every: 'P7D',
      grace: 'P1D',
      cite: ['s1'],
    });
    expect(resolveProtocol('mid', lookup).roles?.calls?.rotation).toEqual({
      every: 'P21D',
      grace: 'P3D',
      cite: ['s1'],
    });
  });

  it('throws PROTOCOL_EXTENDS_CYCLE on a cycle', () => {
    const a = doc('a', { extends: 'b' });
    const b = doc('b', { extends: 'c' });
    const c = doc('c', { extends: 'a' });
    const err = thrown(() => resolveProtocol('a', lookupOf(a, b, c)));
    expect(err.code).toBe('PROTOCOL_EXTENDS_CYCLE');
    expect(err.message).toContain('a -> b -> c -> a');
    expect(err.details).toEqual([
      {
        path: 'metadata.extends',
        message: 'extends "a", which closes the cycle a -> b -> c -> a',
        protocol: 'c',
      },
    ]);
  });

  it('throws PROTOCOL_EXTENDS_CYCLE for a protocol that extends itself', () => {
    const self = doc('self', { extends: 'self' });
    expect(thrown(() => resolveProtocol('self', lookupOf(self))).code).toBe('PROTOCOL_EXTENDS_CYCLE');
  });

  it('throws PROTOCOL_NOT_FOUND for a missing protocol or parent', () => {
    expect(thrown(() => resolveProtocol('nobody', lookupOf(base))).code).toBe('PROTOCOL_NOT_FOUND');
    const orphan = doc('orphan', { extends: 'gone' });
    const err = thrown(() => resolveProtocol('orphan', lookupOf(orphan)));
    expect(err.code).toBe('PROTOCOL_NOT_FOUND');
    expect(err.message).toBe('Protocol "orphan" extends "gone", but no protocol is named "gone".');
    expect(err.details?.[0]).toMatchObject({ path: 'metadata.extends', protocol: 'orphan' });
  });

  it('reports a cite that names no source, after merging', () => {
    const child = doc('child', {
      extends: 'base',
      roles: { news: { posture: { maxAge: 'P1D', cite: ['s1', 'missing'] } } },
      waivers: { maxDuration: 'P30D', approverRole: 'admin', cite: ['nope'] },
    });
    const err = thrown(() => resolveProtocol('child', lookupOf(base, child)));
    expect(err.code).toBe('PROTOCOL_INVALID');
    expect(err.details).toEqual([
      {
        path: 'roles.news.posture.cite[1]',
        message: 'cites unknown source "missing" (known: s1, s2)',
        protocol: 'child',
      },
      { path: 'waivers.cite[1]', message: 'cites unknown source "nope" (known: s1, s2)', protocol: 'child' },
    ]);
  });

  it('accepts a child citing a source only its parent lists', () => {
    const child = doc('child', {
      extends: 'base',
      roles: { news: { posture: { maxAge: 'P1D', cite: ['s2'] } } },
    });
    expect(resolveProtocol('child', lookupOf(base, child)).roles?.news?.posture).toEqual({
      maxAge: 'P1D',
      cite: ['s2'],
    });
  });

  it('does not modify the documents it merges', () => {
    const child = doc('child', { extends: 'base', roles: { calls: { rotation: { every: 'P14D' } } } });
    const before = structuredClone([base, child]);
    resolveProtocol('child', lookupOf(base, child));
    expect([base, child]).toEqual(before);
  });
});
