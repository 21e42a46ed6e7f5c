/**
 * The rule registry: each rule listed once and well described, each rule module registered, and
 * each rule module tested beside it (`<name>.rule.test.ts` next to `<name>.rule.ts`).
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PEOPLE_RULES, RULES } from './registry.ts';

const RULES_DIR = new URL('./rules/', import.meta.url);
const files = readdirSync(RULES_DIR);
const ruleModules = files.filter((f) => f.endsWith('.rule.ts')).map((f) => f.slice(0, -'.rule.ts'.length));
/** A rule's module is named after its id with the dot as a dash: `sensor.camera` -> sensor-camera.rule.ts. */
const moduleOf = (id: string) => id.replace('.', '-');

describe('registry', () => {
  it('lists each rule once, with a dotted id, title, description and severity', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RULES) {
      expect(r.id).toMatch(/^[a-z]+\.[a-z-]+$/);
      expect(r.title.length).toBeGreaterThan(0);
      expect(r.description.length).toBeGreaterThan(40);
    }
    expect(ids).toEqual(
      expect.arrayContaining([
        'rotation.overdue',
        'inspection.overdue',
        'sensor.camera',
        'sensor.microphone',
        'sensor.location',
        'sensor.bluetooth',
        'apps.unapproved',
        'os.outdated',
        'lockdown.off',
        'posture.stale',
        'custody.unassigned',
        'protocol.unassigned',
        'protocol.role-uncovered',
      ]),
    );
  });
});

describe('rule modules', () => {
  const registered = [...RULES, ...PEOPLE_RULES].map((r) => r.id);

  it('has one registered rule per module, and one module per rule', () => {
    expect(registered.map(moduleOf).sort()).toEqual([...ruleModules].sort());
  });

  it('has a test file beside every rule', () => {
    const untested = ruleModules.filter((name) => !files.includes(`${name}.rule.test.ts`));
    expect(untested).toEqual([]);
  });

  it('has no rule test file without its rule', () => {
    const orphans = files
      .filter((f) => f.endsWith('.rule.test.ts'))
      .filter((f) => !ruleModules.includes(f.slice(0, -'.rule.test.ts'.length)));
    expect(orphans).toEqual([]);
  });
});
