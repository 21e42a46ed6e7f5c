/**
 * Renders src/core/compliance/posture.generated.ts from the posture fields declared in
 * src/core/posture/fields.ts: the snapshot's per-field latest reports, the unrolled loop that
 * finds them, and the display views. The evaluator runs that loop once per device (a million
 * per evaluation), so it is written out field by field rather than looped over the declaration;
 * generating it keeps it unrolled and still derived. Run by `npm run generate`; the drift test
 * (test/generated-docs.test.ts) fails when the committed file differs.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { SENSORS } from '../src/core/model.ts';
import { POSTURE_FIELD_NAMES, POSTURE_FIELDS, type PostureKind } from '../src/core/posture/fields.ts';

export const POSTURE_GENERATED_FILE = 'src/core/compliance/posture.generated.ts';

const root = join(import.meta.dirname, '..');

/** The display type of a stated value of each kind (sensors are viewed per sensor). */
const VIEW_TYPE: Readonly<Record<Exclude<PostureKind, 'sensors'>, string>> = {
  text: 'string',
  boolean: 'boolean',
  textList: 'readonly string[]',
  applied: 'AppliedConfiguration',
};

interface Slot {
  /** The snapshot key (a field, or a sensor of the sensors field). */
  readonly key: string;
  /** How report `r` states it (sensor entries read from `r<Field>`, the field's map held once). */
  readonly stated: (r: string) => string;
}

const capitalized = (name: string) => `${name.charAt(0).toUpperCase()}${name.slice(1)}`;

function slots(): Slot[] {
  const out: Slot[] = [];
  for (const name of POSTURE_FIELD_NAMES) {
    if (POSTURE_FIELDS[name].kind === 'sensors') {
      for (const s of SENSORS) {
        out.push({ key: s, stated: (r) => `${r}${capitalized(name)}.${s} !== undefined` });
      }
    } else out.push({ key: name, stated: (r) => `${r}.${name} !== null` });
  }
  return out;
}

/** `const r<Field> = r.<field>;` for each sensors field (read once, not once per sensor). */
const holdMaps = (r: string, indent: string, names: readonly string[]) =>
  names.map((n) => `${indent}const ${r}${capitalized(n)} = ${r}.${n};`);

function render(): string {
  const all = slots();
  const scalar = POSTURE_FIELD_NAMES.filter((n) => POSTURE_FIELDS[n].kind !== 'sensors');
  const sensorFields = POSTURE_FIELD_NAMES.filter((n) => POSTURE_FIELDS[n].kind === 'sensors');
  const L: string[] = [];
  L.push(
    '// Generated from src/core/posture/fields.ts by `npm run generate` (scripts/posture-fields.ts). Do not edit.',
    '/**',
    ' * The snapshot’s posture: for each posture field (each sensor on its own), the latest report that',
    ' * states it, found by one unrolled pass (this runs once per device, for fleets of a million).',
    ' */',
    "import type { PostureReport, Sensor, SensorState } from '../model.ts';",
    "import type { AppliedConfiguration, PostureFieldName } from '../posture/fields.ts';",
    "import type { Instant } from '../time.ts';",
    "import { laterReport, type Observed, observedField, observedSensor } from './posture-report.ts';",
    '',
    '/**',
    ' * Every declared field, handled here: a field declared in fields.ts but not generated into this',
    ' * file fails to compile (run `npm run generate`).',
    ' */',
    'export const POSTURE_HANDLED: Readonly<Record<PostureFieldName, true>> = {',
    ...POSTURE_FIELD_NAMES.map((n) => `  ${n}: true,`),
    '};',
    '',
    '/** The latest report of any kind, and per field the latest report that states it. */',
    'export interface LatestReports {',
    '  readonly any: PostureReport | null;',
    ...all.map((s) => `  readonly ${s.key}: PostureReport | null;`),
    '}',
    '',
    '/** Mutable (the interface is read-only) so the evaluator refills one instance per device. */',
    'export class Posture implements LatestReports {',
    '  any: PostureReport | null = null;',
    ...all.map((s) => `  ${s.key}: PostureReport | null = null;`),
    '}',
    '',
    '/**',
    ' * Fills `target` with the latest reports of `posture` as of `at`; returns the latest report.',
    ' * Reports are usually complete, so the latest report is found first; only the fields it leaves',
    ' * out need a second look. Indexed loops: V8 does not always optimize the iterator away.',
    ' */',
    'export function fillPosture(target: Posture, posture: readonly PostureReport[], at: Instant): PostureReport | null {',
    '  let latest: PostureReport | null = null;',
    '  for (let k = 0; k < posture.length; k++) {',
    '    const r = posture[k] as PostureReport;',
    '    if (r.observedAt <= at && (latest === null || laterReport(r, latest))) latest = r;',
    '  }',
    ...all.map((s) => `  let ${s.key}: PostureReport | null = null;`),
    '  if (latest !== null) {',
    ...holdMaps('latest', '    ', sensorFields),
    '    let missing = 0;',
  );
  for (const s of all) L.push(`    if (${s.stated('latest')}) ${s.key} = latest;`, '    else missing++;');
  L.push(
    '    if (missing > 0 && posture.length > 1) {',
    '      // A field the latest report states is settled; the others take the latest report that states them.',
    '      for (let k = 0; k < posture.length; k++) {',
    '        const r = posture[k] as PostureReport;',
    '        if (r === latest || r.observedAt > at) continue;',
    ...holdMaps('r', '        ', sensorFields),
  );
  for (const s of all) {
    L.push(
      `        if (${s.key} !== latest && ${s.stated('r')} && (${s.key} === null || laterReport(r, ${s.key}))) {`,
      `          ${s.key} = r;`,
      '        }',
    );
  }
  L.push('      }', '    }', '  }', '  target.any = latest;');
  for (const s of all) L.push(`  target.${s.key} = ${s.key};`);
  L.push(
    '  return latest;',
    '}',
    '',
    '/** Display views of the latest reports. Each access allocates: not for hot paths. */',
    'export interface PostureViews {',
    ...scalar.map((n) => {
      const kind = POSTURE_FIELDS[n].kind as Exclude<PostureKind, 'sensors'>;
      return `  readonly ${n}: Observed<${VIEW_TYPE[kind]}> | null;`;
    }),
    ...sensorFields.map((n) => `  readonly ${n}: Readonly<Record<Sensor, Observed<SensorState> | null>>;`),
    '}',
    '',
    '/** The views, read from `posture`; the snapshot extends this. */',
    'export abstract class PostureViewsOf implements PostureViews {',
    '  abstract readonly posture: LatestReports;',
    ...scalar.flatMap((n) => {
      const kind = POSTURE_FIELDS[n].kind as Exclude<PostureKind, 'sensors'>;
      return [
        `  get ${n}(): Observed<${VIEW_TYPE[kind]}> | null {`,
        `    return observedField(this.posture.${n}, this.posture.${n}?.${n});`,
        '  }',
      ];
    }),
    ...sensorFields.flatMap((n) => [
      `  get ${n}(): Readonly<Record<Sensor, Observed<SensorState> | null>> {`,
      '    const p = this.posture;',
      '    return {',
      ...SENSORS.map((s) => `      ${s}: observedSensor(p.${s}, '${s}'),`),
      '    };',
      '  }',
    ]),
    '}',
  );
  return `${L.join('\n')}\n`;
}

/** The generated module, formatted as the repository formats code (biome). */
export function renderPostureSnapshot(): string {
  const r = spawnSync(
    join(root, 'node_modules/.bin/biome'),
    ['format', `--stdin-file-path=${POSTURE_GENERATED_FILE}`],
    { cwd: root, input: render(), encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`biome could not format the generated posture code: ${r.stderr}`);
  return r.stdout;
}
