/**
 * Regenerates the committed artifacts that are derived from code:
 *   docs/audit-events.md  from src/core/audit/events.ts
 *   docs/errors.md        from src/core/errors.ts
 *   docs/fleet.schema.json from the fleet document schema (src/services/import/import.service.ts)
 *   docs/rules.md         from the rule registry (src/core/compliance/registry.ts)
 *   docs/forensics.md     from the check modules' entries (src/core/forensics/module-docs.ts)
 *   docs/openapi.json     from the HTTP routes (scripts/generate-openapi.ts)
 *   web/src/api/openapi.gen.ts from docs/openapi.json (scripts/generate-api-types.ts)
 *   README.md, src/adapters/mdm/README.md: the connector tables between their
 *                         `<!-- connectors:begin/end -->` (and `pulls:`) markers, from
 *                         src/adapters/mdm/registry.ts
 *   src/core/compliance/posture.generated.ts from src/core/posture/fields.ts (scripts/posture-fields.ts)
 *   docs/enforcement.md, docs/enforcement/ from src/core/enforcement (scripts/enforcement-docs.ts)
 * CI runs it and fails when `git diff` shows a change (the artifacts drifted).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { renderGeneratedDocs } from './generated-docs.ts';

const root = join(import.meta.dirname, '..');
for (const [file, content] of Object.entries(await renderGeneratedDocs())) {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), content);
  console.log(`wrote ${file}`);
}
