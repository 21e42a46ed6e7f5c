/** Renders every generated document; shared by scripts/generate.ts and the drift test. */
import { z } from 'zod';
import { renderAuditEventDocs } from '../src/core/audit/events.ts';
import { PEOPLE_RULES, RULES } from '../src/core/compliance/registry.ts';
import { ERRORS } from '../src/core/errors.ts';
import { fleetDocumentSchema } from '../src/services/import/import.service.ts';

export function renderErrorDocs(): string {
  const lines = [
    '# Error codes',
    '',
    '<!-- Generated from src/core/errors.ts by `npm run generate`. Do not edit. -->',
    '',
    'Every error Vigil returns carries one of these stable codes. Over HTTP the body is',
    '`{"error":{"code":"…","message":"…","details":[…]}}` with the status below; the CLI prints',
    '`error [CODE]: message` and exits 2 for the caller’s mistakes (4xx) and 3 for its own failures.',
    '',
    '| code | HTTP status | meaning |',
    '| --- | --- | --- |',
  ];
  for (const [code, e] of Object.entries(ERRORS))
    lines.push(`| \`${code}\` | ${e.status} | ${e.description} |`);
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

export async function renderGeneratedDocs(): Promise<Record<string, string>> {
  const { renderOpenApi } = await import('./generate-openapi.ts');
  return {
    'docs/audit-events.md': renderAuditEventDocs(),
    'docs/errors.md': renderErrorDocs(),
    'docs/rules.md': renderRuleDocs(),
    'docs/fleet.schema.json': `${JSON.stringify(z.toJSONSchema(fleetDocumentSchema, { io: 'input' }), null, 2)}\n`,
    'docs/openapi.json': await renderOpenApi(),
  };
}
