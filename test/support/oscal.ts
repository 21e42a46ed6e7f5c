/**
 * Validates documents against NIST's published OSCAL 1.2.1 JSON schemas (draft-07, copied
 * unchanged into test/fixtures/oscal/), with Ajv and ajv-formats as OSCAL's own build does.
 * `expectValid` fails the test with the first errors when a document does not conform.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import formats from 'ajv-formats';

// ajv-formats is CommonJS: under Node's ESM the plugin is the module itself, typed as its default.
const addFormats = formats as unknown as typeof formats.default;

const DIR = join(import.meta.dirname, '..', 'fixtures', 'oscal');

let compiled: { ar: ValidateFunction; poam: ValidateFunction } | null = null;

export function oscalValidators(): { ar: ValidateFunction; poam: ValidateFunction } {
  if (compiled !== null) return compiled;
  // strict: false because NIST's schemas use keywords Ajv's strict mode flags (e.g. `$comment` placements).
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const load = (f: string) => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as object;
  compiled = {
    ar: ajv.compile(load('oscal_assessment-results_schema.json')),
    poam: ajv.compile(load('oscal_poam_schema.json')),
  };
  return compiled;
}

/** The schema's errors for a document, as readable lines (empty when it is valid). */
export function oscalErrors(kind: 'ar' | 'poam', doc: unknown): string[] {
  const validate = oscalValidators()[kind];
  if (validate(doc)) return [];
  return (validate.errors ?? []).slice(0, 10).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}
