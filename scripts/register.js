// Runs the TypeScript sources directly, so the demo, CLI, services and
// benchmarks need no separate build step: a require hook for `.ts` files that
// serves each file's JavaScript from a disk cache (node_modules/.cache), keyed
// by the file's path and content and the compiler settings.
//
// A warm cache loads no compiler at all. SWC with @swc-node's reading of
// tsconfig.json (decorator metadata for Nest, the @app/* path aliases) runs only
// for a file not compiled before, and `scripts/ts-cache.js warm` (run by the
// bootstrap) compiles every source file ahead. Loading the compiler in every
// process, as @swc-node/register does, cost each process about 80 MB of memory
// (SWC's native binding and the TypeScript compiler it reads tsconfig with) and
// a third of a second of start-up.
//
// Stack traces point into the .ts sources: the cached code carries an inline
// source map, and Node's own source-map support is switched on.
'use strict';
const { compiledSource } = require('./ts-cache');

process.setSourceMapsEnabled(true);

require.extensions['.ts'] = function loadTypeScript(module, filename) {
  module._compile(compiledSource(filename), filename);
};
