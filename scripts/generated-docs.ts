/** Renders every generated document (and the generated posture code); shared by scripts/generate.ts and the drift test. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { pullVariables } from '../src/adapters/mdm/connector.ts';
import { CONNECTORS, PULLED } from '../src/adapters/mdm/registry.ts';
import { renderAuditEventDocs } from '../src/core/audit/events.ts';
import { PEOPLE_RULES, RULES } from '../src/core/compliance/registry.ts';
import { ERRORS } from '../src/core/errors.ts';
import { renderForensicsDocs } from '../src/core/forensics/module-docs.ts';
import { fleetDocumentSchema } from '../src/services/import/import.service.ts';
import { renderEnforcementDocs } from './enforcement-docs.ts';
import { POSTURE_GENERATED_FILE, renderPostureSnapshot } from './posture-fields.ts';

export function renderErrorDocs(): string {
  const lines = [
    '# Error codes',
    '',
    '<!-- Generated from src/core/errors.ts by `npm run generate`. Do not edit. -->',
    '',
    'Every error Vigil returns carries one of these stable codes. Over HTTP the body is',
    '`{"error":{"code":"…","message":"…","details":[…],"hint":"…"}}` with the status below; the CLI',
    'prints `error [CODE]: message`, then the hint, and exits 2 for the caller’s mistakes (4xx) and 3',
    'for its own failures. The hint says what to do next.',
    '',
    '| code | HTTP status | meaning | what to do |',
    '| --- | --- | --- | --- |',
  ];
  for (const [code, e] of Object.entries(ERRORS))
    lines.push(`| \`${code}\` | ${e.status} | ${e.description} | ${e.hint.replaceAll('|', '\\|')} |`);
  return `${lines.join('\n')}\n`;
}

export function renderRuleDocs(): string {
  const lines = [
    '# Compliance rules',
    '',
    '<!-- Generated from src/core/compliance/registry.ts by `npm run generate`. Do not edit. -->',
    '',
    'Each rule is a module in `src/core/compliance/rules/`. A protocol can change a rule’s severity',
    'with `severities: { rule.id: level }`.',
    '',
  ];
  for (const r of [...RULES, ...PEOPLE_RULES])
    lines.push(
      `## \`${r.id}\`: ${r.title}`,
      '',
      `Default severity: ${r.defaultSeverity}.`,
      '',
      r.description,
      '',
    );
  return lines.join('\n');
}

/** A Markdown table with its columns padded, as a formatter would leave it. */
function table(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

const code = (s: string) => `\`${s}\``;

/** Replaces what lies between `<!-- <name>:begin -->` and `<!-- <name>:end -->` in `text`. */
function between(text: string, name: string, lines: readonly string[]): string {
  const begin = `<!-- ${name}:begin -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`missing ${begin} … ${end}`);
  const note = `<!-- Generated from src/adapters/mdm/registry.ts by \`npm run generate\`. Do not edit. -->`;
  return `${text.slice(0, from + begin.length)}\n${note}\n\n${lines.join('\n')}\n\n${text.slice(to)}`;
}

/** The connector tables of README.md and src/adapters/mdm/README.md, from the registry. */
export function renderConnectorDocs(root: string): Record<string, string> {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const mdm = readFileSync(join(root, 'src/adapters/mdm/README.md'), 'utf8');
  const connectors = table(
    ['source', 'name', 'accepts'],
    CONNECTORS.map((c) => [c.title, code(c.name), c.accepts]),
  );
  const pulls = table(
    ['source', 'variables', 'meaning'],
    PULLED.map((c) => [c.title, pullVariables(c.pull).map(code).join(', '), c.pull.doc]),
  );
  return {
    'README.md': between(readme, 'connectors', [...connectors, '', ...pulls]),
    'src/adapters/mdm/README.md': between(between(mdm, 'connectors', connectors), 'pulls', pulls),
  };
}

export async function renderGeneratedDocs(): Promise<Record<string, string>> {
  const { renderOpenApi } = await import('./generate-openapi.ts');
  const { API_TYPES_FILE, renderApiTypes } = await import('./generate-api-types.ts');
  const openapi = await renderOpenApi();
  return {
    'docs/audit-events.md': renderAuditEventDocs(),
    'docs/errors.md': renderErrorDocs(),
    'docs/rules.md': renderRuleDocs(),
    'docs/forensics.md': renderForensicsDocs(),
    'docs/fleet.schema.json': `${JSON.stringify(z.toJSONSchema(fleetDocumentSchema, { io: 'input' }), null, 2)}\n`,
    'docs/openapi.json': openapi,
    [API_TYPES_FILE]: await renderApiTypes(openapi),
    ...renderConnectorDocs(join(import.meta.dirname, '..')),
    [POSTURE_GENERATED_FILE]: renderPostureSnapshot(),
    ...renderEnforcementDocs(),
  };
}
