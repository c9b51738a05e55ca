// Runs the TypeScript sources directly (SWC, with decorator metadata for Nest
// and the @app/* path aliases from tsconfig.json), so the demo, CLI and
// services need no separate build step.
process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || require('node:path').join(__dirname, '..', 'tsconfig.json');
require('@swc-node/register');
