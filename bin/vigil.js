#!/usr/bin/env node
// The `vigil` executable. Node 22.18+/24 runs the TypeScript sources directly (type stripping).
import '../src/main.ts';
