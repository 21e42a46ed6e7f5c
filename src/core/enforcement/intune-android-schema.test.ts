/**
 * Every property the Intune Android objects carry is checked against Graph's published field set
 * for the type (test/fixtures/graph: the Property and Type columns of the beta reference): it
 * exists, has the declared JSON type, and an enum value is one Graph lists. The same check runs on
 * what every shipped baseline compiles to, and on every property the declaration names.
 * (@microsoft/microsoft-graph-types covers v1.0 only, which has no Android device owner types.)
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBaselines } from '../../runtime.ts';
import { DEVICE_ROLES } from '../model.ts';
import { parseProtocolText, resolveProtocol } from '../protocol/index.ts';
import { type ProtocolDocument, protocolSchema } from '../protocol/protocol.schema.ts';
import { compileEnforcement } from './compile.ts';
import { INTUNE_ANDROID } from './intune-android.ts';

const sha256 = (t: string) => createHash('sha256').update(t).digest('hex');
const FIELDS = JSON.parse(
  readFileSync(
    join(import.meta.dirname, '../../../test/fixtures/graph/graph-beta-android-device-owner.json'),
    'utf8',
  ),
) as { types: Record<string, Record<string, string>>; enums: Record<string, string[]> };

/** Problems with one emitted object, empty when Graph defines every property as sent. */
function problems(o: Record<string, unknown>): string[] {
  const type = String(o['@odata.type']).replace('#microsoft.graph.', '');
  const fields = FIELDS.types[type];
  if (fields === undefined) return [`unknown type ${type}`];
  const out: string[] = [];
  for (const [k, v] of Object.entries(o)) {
    if (k === '@odata.type') continue;
    const declared = fields[k];
    if (declared === undefined) {
      out.push(`${type}.${k}: not a property`);
      continue;
    }
    const ok =
      declared === 'Boolean'
        ? typeof v === 'boolean'
        : declared === 'Int32'
          ? Number.isInteger(v) && Math.abs(v as number) < 2 ** 31
          : declared === 'String'
            ? typeof v === 'string'
            : declared.endsWith(' collection')
              ? Array.isArray(v)
              : declared in FIELDS.enums
                ? (FIELDS.enums[declared] ?? []).includes(v as string)
                : false;
    if (!ok) out.push(`${type}.${k}: ${JSON.stringify(v)} is not a ${declared}`);
  }
  return out;
}

function baselines(): ProtocolDocument[] {
  const parsed = new Map<string, ProtocolDocument>();
  for (const b of readBaselines()) {
    const r = parseProtocolText(b.text, b.file);
    if (r.ok) parsed.set(r.document.metadata.name, r.document);
  }
  return [...parsed.keys()].map((n) => resolveProtocol(n, (x) => parsed.get(x)));
}

describe('Graph field sets', () => {
  it('define every property the declaration can write, in the object it writes it to', () => {
    const compliance = FIELDS.types.androidDeviceOwnerCompliancePolicy ?? {};
    const restrictions = FIELDS.types.androidDeviceOwnerGeneralDeviceConfiguration ?? {};
    for (const m of Object.values(INTUNE_ANDROID)) {
      for (const f of m.compliance) expect(compliance[f], f).toBeDefined();
      for (const f of m.restrictions) expect(restrictions[f], f).toBeDefined();
    }
  });

  it('hold every shipped baseline’s Android objects, and a protocol stating everything', () => {
    const everything = protocolSchema.parse({
      apiVersion: 'vigil/v1',
      kind: 'Protocol',
      metadata: { name: 'everything', title: 'Everything', version: '1' },
      roles: {
        calls: {
          sensors: {
            camera: 'disabled',
            microphone: 'disabled',
            location: 'disabled',
            bluetooth: 'disabled',
          },
          apps: { allow: ['org.thoughtcrime.securesms'] },
          os: { minVersion: { ios: '18.6', android: '2026-05-01' }, maxBehindLatest: 'P14D' },
          controls: {
            passcode: { minLength: 8, alphanumeric: true, maxFailedAttempts: 10, autoLock: 'PT5M' },
            screenCapture: 'disabled',
            cloudBackup: 'disabled',
            hostPairing: 'disabled',
          },
        },
      },
    });
    const docs = [...baselines(), everything];
    expect(docs.length).toBeGreaterThan(0);
    let checked = 0;
    for (const doc of docs)
      for (const role of DEVICE_ROLES)
        for (const a of compileEnforcement(doc, role, 'intune', { sha256 })) {
          if (!a.file.includes('.intune-android-')) continue;
          expect(problems(JSON.parse(a.content) as Record<string, unknown>), a.file).toEqual([]);
          checked++;
        }
    expect(checked).toBeGreaterThan(0);
  });

  it('catch a misspelt property, a wrong type and a value outside an enum', () => {
    expect(
      problems({
        '@odata.type': '#microsoft.graph.androidDeviceOwnerGeneralDeviceConfiguration',
        cameraDisabled: true,
        screenCaptureBlocked: 'yes',
        playStoreMode: 'whitelist',
        passwordMinimumLength: 8,
      }),
    ).toEqual([
      'androidDeviceOwnerGeneralDeviceConfiguration.cameraDisabled: not a property',
      'androidDeviceOwnerGeneralDeviceConfiguration.screenCaptureBlocked: "yes" is not a Boolean',
      'androidDeviceOwnerGeneralDeviceConfiguration.playStoreMode: "whitelist" is not a androidDeviceOwnerPlayStoreMode',
    ]);
  });
});
