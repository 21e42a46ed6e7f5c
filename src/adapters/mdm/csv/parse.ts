/**
 * CSV with a documented column set (README.md here): one row per observation, a header row
 * naming the columns in any order. Unknown columns are ignored; a malformed cell is refused
 * naming its row and column.
 */
import { SENSORS, type Sensor, type SensorReading } from '../../../core/model.ts';
import type { Observation } from '../../../services/connectors/connector.service.ts';
import {
  invalid,
  type Obj,
  optBuild,
  optPatchLevel,
  optStr,
  optTime,
  optVersion,
  type Parse,
} from '../common.ts';

/** RFC 4180: quoted fields may hold commas, quotes ("") and newlines. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // byte-order mark
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      field = '';
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
    } else field += c;
  }
  if (quoted) invalid(`row ${rows.length + 1}`, 'unterminated quoted field');
  row.push(field);
  if (row.some((f) => f !== '')) rows.push(row);
  return rows;
}

const SENSOR_STATES: Readonly<Record<string, SensorReading['state']>> = {
  disabled: 'disabled',
  off: 'disabled',
  enabled: 'enabled',
  on: 'enabled',
  unknown: 'unknown',
};

function boolCell(v: string | undefined, path: string): boolean | undefined {
  if (v === undefined) return undefined;
  const t = v.toLowerCase();
  if (t === 'true' || t === 'yes' || t === '1') return true;
  if (t === 'false' || t === 'no' || t === '0') return false;
  return invalid(path, `expected true or false, got "${v.slice(0, 40)}"`);
}

export const parseCsvDelivery: Parse = (body) => {
  const rows = parseCsv(body.toString('utf8'));
  const header = rows[0]?.map((h) => h.trim().toLowerCase());
  if (header === undefined) return [];
  if (!header.includes('serial') && !header.includes('imei'))
    invalid('header', 'needs a serial or an imei column');
  return rows.slice(1).map((cells, r): Observation => {
    const rec: Record<string, string> = {};
    for (const [c, name] of header.entries()) {
      const v = cells[c]?.trim();
      if (v !== undefined && v !== '') rec[name] = v;
    }
    const row: Obj = rec;
    const at = (col: string) => `row ${r + 2}: ${col}`;
    const p = `row ${r + 2}: `;
    const provenance = optStr(row, 'provenance', p) ?? 'reported';
    if (provenance !== 'enforced' && provenance !== 'reported')
      invalid(at('provenance'), 'expected enforced or reported');
    const sensors: Partial<Record<Sensor, SensorReading>> = {};
    for (const s of SENSORS) {
      const v = rec[s];
      if (v === undefined) continue;
      const state = SENSOR_STATES[v.toLowerCase()];
      if (state === undefined)
        invalid(at(s), `expected disabled, enabled or unknown, got "${v.slice(0, 40)}"`);
      sensors[s] = { state, provenance };
    }
    const apps = rec.apps
      ?.split(';')
      .map((a) => a.trim())
      .filter((a) => a !== '');
    const lockdown = boolCell(rec.lockdown_mode, at('lockdown_mode'));
    const supervised = boolCell(rec.supervised, at('supervised'));
    const version = optVersion(row, 'os_version', p);
    const build = optBuild(row, 'os_build', p);
    const patch = optPatchLevel(row, 'patch_level', p);
    return {
      serial: rec.serial ?? null,
      imei: rec.imei ?? null,
      externalId: null,
      observedAt: optTime(row, 'observed_at', p) ?? null,
      posture: {
        ...(version === undefined ? {} : { osVersion: version }),
        ...(build === undefined ? {} : { osBuild: build }),
        ...(patch === undefined ? {} : { patchLevel: patch }),
        ...(Object.keys(sensors).length === 0 ? {} : { sensors }),
        ...(apps === undefined ? {} : { apps: [...new Set(apps)].sort() }),
        ...(lockdown === undefined ? {} : { lockdownMode: lockdown }),
        ...(supervised === undefined ? {} : { supervised }),
      },
    };
  });
};
