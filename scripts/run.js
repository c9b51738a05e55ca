#!/usr/bin/env node
// Usage: node scripts/run.js path/to/entry.ts [args...]
// Loads a TypeScript entry point through SWC (see register.js). Node's own
// loader would hand a .ts main module to the ESM loader, so we require it.
require('./register');
const path = require('node:path');
const entry = process.argv[2];
if (!entry) {
  console.error('usage: node scripts/run.js <entry.ts> [args...]');
  process.exit(2);
}
process.argv.splice(1, 2, path.resolve(entry));
require(path.resolve(entry));
