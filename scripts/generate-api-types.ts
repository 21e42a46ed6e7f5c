/**
 * Renders web/src/api/openapi.gen.ts: the dashboard's TypeScript view of docs/openapi.json
 * (openapi-typescript). `npm run generate` calls `renderApiTypes` with the openapi.json it has
 * just rendered, so the two always come from the same routes. The output is kept as
 * openapi-typescript writes it: biome.json leaves the file out (`!!`) because its ~380 kB of
 * nested types exceed the limit of biome's type inference.
 */
import openapiTS, { astToString } from 'openapi-typescript';

export const API_TYPES_FILE = 'web/src/api/openapi.gen.ts';

export async function renderApiTypes(openapiJson: string): Promise<string> {
  const ast = await openapiTS(JSON.parse(openapiJson));
  return `/* Generated from docs/openapi.json by \`npm run generate\` (openapi-typescript). Do not edit. */\n\n${astToString(ast)}`;
}
