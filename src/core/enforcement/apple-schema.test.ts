/**
 * Every key the Apple targets emit is checked against Apple's own device-management schema
 * (test/fixtures/apple-device-management): it exists for the payload or declaration type, is
 * available on iOS, and has the declared type; required keys are present. The profile is read
 * back from the emitted XML, so the check covers the plist writer too.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { readBaselines } from '../../runtime.ts';
import { DEVICE_ROLES } from '../model.ts';
import { parseProtocolText, resolveProtocol } from '../protocol/index.ts';
import type { ProtocolDocument } from '../protocol/protocol.schema.ts';
import { compileEnforcement } from './compile.ts';

const sha256 = (t: string) => createHash('sha256').update(t).digest('hex');
const SCHEMAS = join(import.meta.dirname, '../../../test/fixtures/apple-device-management');

interface SchemaKey {
  key: string;
  type: string;
  presence?: string;
  supportedOS?: { iOS?: { introduced?: string } };
  subkeys?: SchemaKey[];
  rangelist?: unknown[];
  range?: { min?: number; max?: number };
}
interface Schema {
  payload: {
    payloadtype?: string;
    declarationtype?: string;
    statusitemtype?: string;
    supportedOS?: { iOS?: { introduced?: string } };
  };
  payloadkeys?: SchemaKey[];
}
const schema = (path: string) => parseYaml(readFileSync(join(SCHEMAS, path), 'utf8')) as Schema;

/** Keys every profile payload carries (Apple's "common payload keys"). */
const COMMON_PAYLOAD_KEYS = new Set([
  'PayloadDisplayName',
  'PayloadIdentifier',
  'PayloadType',
  'PayloadUUID',
  'PayloadVersion',
]);

function typeOk(type: string, v: unknown): boolean {
  switch (type) {
    case '<string>':
      return typeof v === 'string';
    case '<boolean>':
      return typeof v === 'boolean';
    case '<integer>':
      return Number.isInteger(v);
    case '<array>':
      return Array.isArray(v);
    case '<dictionary>':
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    case '<any>':
      return true;
    default:
      return false;
  }
}

/** Problems of `value` against `keys`, empty when it conforms. */
function check(
  value: Record<string, unknown>,
  keys: readonly SchemaKey[],
  path: string,
  skip = new Set<string>(),
): string[] {
  const problems: string[] = [];
  const byName = new Map(keys.map((k) => [k.key, k]));
  if (byName.has('ANY')) return problems;
  for (const [name, v] of Object.entries(value)) {
    if (skip.has(name)) continue;
    const k = byName.get(name);
    if (k === undefined) {
      problems.push(`${path}.${name}: not in Apple's schema`);
      continue;
    }
    if (k.supportedOS?.iOS?.introduced === 'n/a') problems.push(`${path}.${name}: not available on iOS`);
    if (!typeOk(k.type, v)) problems.push(`${path}.${name}: expected ${k.type}`);
    if (k.rangelist !== undefined && !k.rangelist.includes(v))
      problems.push(`${path}.${name}: not in ${k.rangelist}`);
    if (typeof v === 'number' && k.range !== undefined) {
      if (k.range.min !== undefined && v < k.range.min)
        problems.push(`${path}.${name}: below ${k.range.min}`);
      if (k.range.max !== undefined && v > k.range.max)
        problems.push(`${path}.${name}: above ${k.range.max}`);
    }
    const item = k.subkeys?.[0];
    if (k.type === '<array>' && Array.isArray(v) && item !== undefined)
      v.forEach((x, n) => {
        if (!typeOk(item.type, x)) problems.push(`${path}.${name}[${n}]: expected ${item.type}`);
        else if (item.type === '<dictionary>')
          problems.push(...check(x as Record<string, unknown>, item.subkeys ?? [], `${path}.${name}[${n}]`));
      });
    if (k.type === '<dictionary>' && k.subkeys !== undefined)
      problems.push(...check(v as Record<string, unknown>, k.subkeys, `${path}.${name}`));
  }
  for (const k of keys)
    if (k.presence === 'required' && !(k.key in value)) problems.push(`${path}.${k.key}: required, missing`);
  return problems;
}

/** A minimal reader of the XML plists the compiler writes (dict, array, string, integer, booleans). */
function readPlist(xml: string): unknown {
  const tokens = [...xml.replace(/^[\s\S]*?<plist version="1.0">/, '').matchAll(/<(\/?)(\w+)(\/?)>([^<]*)/g)];
  let n = 0;
  const unescapeXml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const value = (): unknown => {
    const [, , tag, empty, text] = tokens[n++] ?? [];
    // A <string> or <integer> token is followed by its closing tag.
    if (tag === 'string' || tag === 'integer') {
      n++;
      return tag === 'string' ? unescapeXml(text ?? '') : Number(text);
    }
    if (tag === 'true' || tag === 'false') return tag === 'true';
    if (tag === 'array') {
      const out: unknown[] = [];
      if (empty === '/') return out;
      while (tokens[n]?.[1] !== '/') out.push(value());
      n++;
      return out;
    }
    if (tag === 'dict') {
      const out: Record<string, unknown> = {};
      if (empty === '/') return out;
      while (tokens[n]?.[1] !== '/') {
        const key = unescapeXml(tokens[n]?.[4] ?? '');
        n += 2;
        out[key] = value();
      }
      n++;
      return out;
    }
    throw new Error(`unexpected <${tag}>`);
  };
  return value();
}

function baselines(): ProtocolDocument[] {
  const docs = new Map<string, ProtocolDocument>();
  for (const b of readBaselines()) {
    const r = parseProtocolText(b.text, b.file);
    if (r.ok) docs.set(r.document.metadata.name, r.document);
  }
  return [...docs.keys()].map((name) => resolveProtocol(name, (n) => docs.get(n)));
}

// Every baseline, plus a protocol that states every enforceable setting.
const everything = (() => {
  const text = `apiVersion: vigil/v1
kind: Protocol
metadata: { name: everything, title: "All <settings> & more", version: "1" }
roles:
  calls:
    sensors: { camera: disabled, microphone: disabled, location: disabled, bluetooth: disabled }
    controls:
      passcode: { minLength: 8, alphanumeric: true, maxFailedAttempts: 10, autoLock: PT5M }
      screenCapture: disabled
      cloudBackup: disabled
      hostPairing: disabled
    apps: { allow: [com.apple.Preferences, org.whispersystems.signal] }
    os: { minVersion: { ios: "18.6" }, maxBehindLatest: P14D, lockdownMode: required }
`;
  const r = parseProtocolText(text, 'everything.yaml');
  if (!r.ok) throw new Error('fixture does not parse');
  return r.document;
})();
const PROTOCOLS = [...baselines(), everything];
const latestIos = { version: '26.1', build: '23B85', releasedAt: Date.UTC(2025, 10, 3, 18) };

describe("Apple's schemas accept what the compiler emits", () => {
  const top = schema('mdm/profiles/TopLevel.yaml');
  const restrictions = schema('mdm/profiles/com.apple.applicationaccess.yaml');
  const passcode = schema('mdm/profiles/com.apple.mobiledevice.passwordpolicy.yaml');
  const payloads = new Map([restrictions, passcode].map((s) => [s.payload.payloadtype, s]));

  it('the fixture files are the expected schemas', () => {
    expect(restrictions.payload.payloadtype).toBe('com.apple.applicationaccess');
    expect(restrictions.payloadkeys?.length).toBeGreaterThan(150);
  });

  for (const doc of PROTOCOLS)
    for (const role of DEVICE_ROLES) {
      it(`${doc.metadata.name} ${role}: the profile`, () => {
        const [a] = compileEnforcement(doc, role, 'apple-profile', { sha256 });
        const profile = readPlist(a?.content ?? '') as Record<string, unknown>;
        expect(check(profile, top.payloadkeys ?? [], 'profile')).toEqual([]);
        for (const p of profile.PayloadContent as Record<string, unknown>[]) {
          const s = payloads.get(p.PayloadType as string);
          expect(s).toBeDefined();
          expect(check(p, s?.payloadkeys ?? [], String(p.PayloadType), COMMON_PAYLOAD_KEYS)).toEqual([]);
          for (const k of COMMON_PAYLOAD_KEYS) expect(k in p).toBe(true);
        }
      });

      it(`${doc.metadata.name} ${role}: the DDM declarations`, () => {
        const [a] = compileEnforcement(doc, role, 'apple-ddm', { sha256, latestIos });
        const base = schema('declarative/declarations/declarationbase.yaml');
        for (const d of JSON.parse(a?.content ?? '[]') as {
          Type: string;
          Payload: Record<string, unknown>;
        }[]) {
          expect(check(d, base.payloadkeys ?? [], d.Type, new Set(['Payload']))).toEqual([]);
          const [kind, ...rest] = d.Type.replace(/^com\.apple\./, '').split('.');
          const s = schema(`declarative/declarations/${kind}s/${rest.join('.')}.yaml`);
          expect(s.payload.declarationtype).toBe(d.Type);
          expect(s.payload.supportedOS?.iOS?.introduced).not.toBe('n/a');
          expect(check(d.Payload, s.payloadkeys ?? [], d.Type)).toEqual([]);
          if (d.Type.endsWith('status-subscriptions'))
            for (const { Name } of d.Payload.StatusItems as { Name: string }[]) {
              const item = schema(`declarative/status/${Name}.yaml`);
              expect(item.payload.statusitemtype).toBe(Name);
              expect(item.payload.supportedOS?.iOS?.introduced).not.toBe('n/a');
            }
        }
      });
    }

  it('the checker rejects an unknown key, a macOS-only key and a wrong type', () => {
    const keys = restrictions.payloadkeys ?? [];
    expect(check({ allowTeleport: false }, keys, 'r')).toEqual(["r.allowTeleport: not in Apple's schema"]);
    expect(check({ allowCamera: 'no' }, keys, 'r')).toEqual(['r.allowCamera: expected <boolean>']);
    expect(check({ allowAirPrintiBeaconDiscovery: true, allowCamera: false }, keys, 'r')).toHaveLength(0);
    const macOnly = keys.find((k) => k.supportedOS?.iOS?.introduced === 'n/a');
    expect(macOnly).toBeDefined();
    expect(check({ [macOnly?.key ?? '']: true }, keys, 'r').join()).toContain('not available on iOS');
  });
});
