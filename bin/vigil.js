#!/usr/bin/env node
// The `vigil` executable. Node 22.18+/24 runs the TypeScript sources directly (type stripping);
// an older Node cannot load them, so it is told what to run instead of failing on a `.ts` file.
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(
    `error: Vigil needs Node 22.18 or later (this is Node ${process.versions.node}).\n` +
      'hint: run it through npm, which uses the Node pinned in package.json: `npx vigil ...` or `npm start`.',
  );
  process.exit(2);
}
await import('../src/main.ts');
