/**
 * Writes docs/openapi.json: the OpenAPI 3.1 document of the HTTP API, generated from the
 * routes' Zod schemas. `npm run generate` calls `renderOpenApi`; running this file alone
 * rewrites just that document. A test fails when the committed file drifts from the code.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatOpenApi } from '../src/adapters/http/openapi.ts';
import { openApiDocument } from '../src/adapters/http/openapi-document.ts';

export async function renderOpenApi(): Promise<string> {
  return formatOpenApi(await openApiDocument());
}

if (import.meta.main) {
  const file = join(import.meta.dirname, '..', 'docs', 'openapi.json');
  writeFileSync(file, await renderOpenApi());
  console.log('wrote docs/openapi.json');
}
