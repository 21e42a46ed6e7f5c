import { describe, expect, it } from 'vitest';
import { VigilError } from '../errors.ts';
import {
  formatProtocolProblems,
  type ProtocolProblem,
  parseProtocolText,
  protocolProblemsError,
} from './parse.ts';

const VALID = `apiVersion: vigil/v1
kind: Protocol
metadata:
  name: office
  title: Office protocol
  version: "1"
  sources:
    - { id: src, title: A source }
roles:
  calls:
    rotation: { every: P30D, grace: P3D, cite: [src] }
    sensors: { camera: disabled, cite: [src] }
`;

function problems(text: string): ProtocolProblem[] {
  const result = parseProtocolText(text, 'p.yaml');
  if (result.ok) throw new Error('expected problems');
  return result.problems;
}

describe('parseProtocolText', () => {
  it('parses a valid YAML protocol', () => {
    const result = parseProtocolText(VALID, 'p.yaml');
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.document.metadata.name).toBe('office');
      expect(result.document.roles?.calls?.rotation).toEqual({ every: 'P30D', grace: 'P3D', cite: ['src'] });
    }
  });

  it('parses the same protocol written as JSON, tabs and all', () => {
    const json = JSON.stringify(
      {
        apiVersion: 'vigil/v1',
        kind: 'Protocol',
        metadata: { name: 'office', title: 'Office', version: '1' },
        roles: { social: { rotation: null } },
      },
      null,
      '\t',
    );
    const result = parseProtocolText(json, 'p.json');
    expect(result).toMatchObject({ ok: true, document: { roles: { social: { rotation: null } } } });
  });

  it('reports an unknown key at the key itself, with the keys it expected', () => {
    const text = VALID.replace('    sensors:', '    sensor:');
    expect(problems(text)).toEqual([
      {
        file: 'p.yaml',
        path: 'roles.calls.sensor',
        line: 12,
        column: 5,
        message:
          'unknown key "sensor"; expected one of: rotation, inspection, sensors, apps, os, posture, controls',
        text: 'sensor: { camera: disabled, cite: [src] }',
      },
    ]);
  });

  it('refuses months in a duration and points at the value', () => {
    const [p, ...rest] = problems(VALID.replace('every: P30D', 'every: P1M'));
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ path: 'roles.calls.rotation.every', line: 11, column: 24 });
    expect(p?.message).toContain('months and years are ambiguous');
    expect(p?.message).toContain('got "P1M"');
  });

  it('names the allowed values of an enum', () => {
    expect(problems(VALID.replace('camera: disabled', 'camera: off'))).toEqual([
      {
        file: 'p.yaml',
        path: 'roles.calls.sensors.camera',
        line: 12,
        column: 24,
        message: 'expected one of: disabled, allowed; got "off"',
        text: 'sensors: { camera: off, cite: [src] }',
      },
    ]);
  });

  it('reports a missing setting at its parent key', () => {
    const [p] = problems(VALID.replace('every: P30D, ', ''));
    expect(p).toMatchObject({ path: 'roles.calls.rotation.every', line: 11, column: 5 });
    expect(p?.message).toMatch(/required setting is missing/);
  });

  it('reports a YAML syntax error with its position', () => {
    const [p, ...rest] = problems('apiVersion: vigil/v1\nroles: [calls\nkind: Protocol\n');
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ file: 'p.yaml', path: '', line: 3 });
    expect(p?.message).toMatch(/^YAML syntax error: /);
  });

  it("reports one YAML mistake once, without the parser's own position sentence", () => {
    const found = problems('apiVersion: vigil/v1\nmetadata:\n  name: x\n   title: [\n');
    expect(found.filter((p) => p.line === 3)).toHaveLength(1);
    for (const p of found) expect(p.message).not.toMatch(/at line \d+, column \d+/);
    expect(found[0]?.text).toBe('name: x');
  });

  it('reports duplicate keys as syntax errors', () => {
    const [p] = problems(VALID.replace('kind: Protocol\n', 'kind: Protocol\nkind: Protocol\n'));
    expect(p).toMatchObject({ line: 3, column: 1 });
    expect(p?.message).toMatch(/unique/);
  });

  it('reports every problem at once, in line order', () => {
    const text = `apiVersion: vigil/v1
kind: Protocol
metadata:
  name: Bad_Name
  title: Bad
  version: "1"
  colour: red
roles:
  calls:
    rotation: { every: P1M }
    sensors:
      camera: off
  phone: {}
facilities:
  main: { personalDevices: banned, cite: [nope] }
`;
    const found = problems(text);
    expect(found.map((p) => [p.path, p.line, p.column])).toEqual([
      ['metadata.name', 4, 9],
      ['metadata.colour', 7, 3],
      ['roles.calls.rotation.every', 10, 24],
      ['roles.calls.sensors.camera', 12, 15],
      ['roles.phone', 13, 3],
      ['facilities.main.cite[0]', 15, 43],
    ]);
    expect(found[4]?.message).toBe('unknown key "phone"; expected one of: calls, social, news, general');
    expect(found[5]?.message).toBe('cites unknown source "nope" (the protocol lists no metadata.sources)');
  });

  it('reports a dangling cite in a protocol that extends nothing', () => {
    expect(
      problems(VALID.replace('cite: [src] }\n    sensors', 'cite: [src, other] }\n    sensors')),
    ).toEqual([
      {
        file: 'p.yaml',
        path: 'roles.calls.rotation.cite[1]',
        line: 11,
        column: 54,
        message: 'cites unknown source "other" (known: src)',
        text: 'rotation: { every: P30D, grace: P3D, cite: [src, other] }',
      },
    ]);
  });

  it('leaves the cites of a child protocol to the resolver', () => {
    const child = VALID.replace('  version: "1"\n', '  version: "1"\n  extends: base\n').replace(
      '[src] }',
      '[inherited] }',
    );
    expect(parseProtocolText(child, 'p.yaml').ok).toBe(true);
  });

  it('reports an empty or non-mapping document', () => {
    expect(problems('')).toEqual([
      {
        file: 'p.yaml',
        path: '',
        line: null,
        column: null,
        message: 'expected a mapping of settings, got null',
      },
    ]);
    expect(problems('- a\n- b\n')[0]).toMatchObject({ path: '', line: 1, column: 1 });
  });

  it('reports an unresolved alias instead of throwing', () => {
    expect(problems('apiVersion: *nothing\n')[0]?.message).toMatch(/^YAML error: /);
  });

  it('locates items of a list by index', () => {
    const text = VALID.replace(
      '    sensors:',
      '    apps: { allow: [com.apple.mobilephone, "bad id"], cite: [src] }\n    sensors:',
    );
    expect(problems(text)).toEqual([
      {
        file: 'p.yaml',
        path: 'roles.calls.apps.allow[1]',
        line: 12,
        column: 44,
        message: 'expected an app identifier such as com.apple.mobilephone; got "bad id"',
        text: 'apps: { allow: [com.apple.mobilephone, "bad id"], cite: [src] }',
      },
    ]);
  });
});

describe('problem reporting', () => {
  const list: ProtocolProblem[] = [
    {
      file: 'a.yaml',
      path: 'roles.calls.rotation.every',
      line: 3,
      column: 7,
      message: 'expected a duration',
    },
    { file: 'a.yaml', path: '', line: null, column: null, message: 'YAML error: boom' },
  ];

  it('formats one file:line:col: path: message line per problem', () => {
    expect(formatProtocolProblems(list)).toBe(
      'a.yaml:3:7: roles.calls.rotation.every: expected a duration\na.yaml: YAML error: boom',
    );
  });

  it('builds a PROTOCOL_INVALID error whose details carry every problem', () => {
    const err = protocolProblemsError(list);
    expect(err).toBeInstanceOf(VigilError);
    expect(err.code).toBe('PROTOCOL_INVALID');
    expect(err.status).toBe(422);
    expect(err.message).toBe('a.yaml: 2 problems in the protocol');
    expect(err.details).toEqual([
      {
        path: 'roles.calls.rotation.every',
        message: 'expected a duration',
        file: 'a.yaml',
        line: 3,
        column: 7,
      },
      { path: '', message: 'YAML error: boom', file: 'a.yaml', line: null, column: null },
    ]);
  });
});
