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
// Stack traces point into the .ts sources. The source maps are read only when
// a trace through a file needs one: Node's own support (--enable-source-maps)
// parses every module's map as it loads, 8 MB per thread here.
'use strict';
const fs = require('node:fs');
const { SourceMap } = require('node:module');
const { compiledSource } = require('./ts-cache');

/** Per loaded .ts file: where its map is, then the map once a trace needed it. */
const maps = new Map();

require.extensions['.ts'] = function loadTypeScript(module, filename) {
  const { code, mapFile, map } = compiledSource(filename);
  maps.set(filename, { mapFile, payload: map ? JSON.parse(map) : null, sourceMap: null });
  module._compile(code, filename);
};

function sourceMapOf(filename) {
  const entry = maps.get(filename);
  if (!entry) return null;
  if (!entry.sourceMap) {
    try {
      entry.sourceMap = new SourceMap(entry.payload ?? JSON.parse(fs.readFileSync(entry.mapFile, 'utf8')));
    } catch {
      maps.delete(filename); // the cache was cleared meanwhile: compiled positions, not none
      return null;
    }
  }
  return entry.sourceMap;
}

/** One frame as V8 prints it, with a .ts file's compiled position turned into its source position. */
function frameText(frame) {
  const text = String(frame);
  const file = frame.getFileName();
  const line = frame.getLineNumber();
  const column = frame.getColumnNumber();
  const map = file && line ? sourceMapOf(file) : null;
  if (!map) return text;
  const found = map.findEntry(line - 1, (column ?? 1) - 1);
  if (!found || found.originalLine === undefined) return text;
  return text.replace(`${file}:${line}:${column}`, `${file}:${found.originalLine + 1}:${found.originalColumn + 1}`);
}

// V8's own format, with the positions mapped.
Error.prepareStackTrace = function prepareStackTrace(error, frames) {
  let head;
  try {
    head = Error.prototype.toString.call(error);
  } catch {
    head = '<error>';
  }
  return frames.length ? `${head}\n    at ${frames.map(frameText).join('\n    at ')}` : head;
};
