// The compiled-TypeScript cache behind register.js.
//
//   node scripts/ts-cache.js warm    compiles every source file not yet in the cache
//   node scripts/ts-cache.js clear   empties the cache
//
// An entry is the JavaScript of one .ts file and its source map (a .map file
// beside it, read only when a stack trace needs it), stored under a hash of
// everything that decides it: the file's path (path aliases
// become relative imports) and content, tsconfig.json, the SWC version and this
// file's FORMAT. A changed file misses and is compiled again; stale entries are
// never read (`clear` removes them).
'use strict';
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const TSCONFIG = path.join(ROOT, 'tsconfig.json');
/** TS_CACHE_DIR moves it (the loader's own tests use a fresh one). */
const CACHE_DIR = process.env.TS_CACHE_DIR || path.join(ROOT, 'node_modules', '.cache', 'sanctions-monitor-ts');
/** Bump when the compile options below change what is emitted. */
const FORMAT = 2;
/** Trees `warm` compiles: what the services, the CLI and the benchmarks run (jest compiles tests itself). */
const SOURCE_TREES = ['apps', 'libs', 'bench'];

let salt = null;
/** What every entry's key shares: compiler settings and version. Read once per process. */
function keySalt() {
  if (salt === null) {
    const swc = JSON.parse(fs.readFileSync(require.resolve('@swc/core/package.json', { paths: [ROOT] }), 'utf8')).version;
    salt = `${FORMAT}\0${swc}\0${fs.readFileSync(TSCONFIG, 'utf8')}\0`;
  }
  return salt;
}

function entryPath(filename, source) {
  const key = createHash('sha256').update(keySalt()).update(path.relative(ROOT, filename)).update('\0').update(source).digest('hex');
  return path.join(CACHE_DIR, key.slice(0, 2), `${key.slice(2)}.js`);
}

let compiler = null;
/** SWC, configured from tsconfig.json the way @swc-node/register does; loaded on the first cache miss only. */
function compile(source, filename) {
  if (!compiler) {
    const { readDefaultTsConfig, tsCompilerOptionsToSwcConfig } = require('@swc-node/register/read-default-tsconfig');
    const { transformSync } = require('@swc-node/core');
    const options = readDefaultTsConfig(TSCONFIG);
    options.module = 1; // CommonJS
    options.sourceMap = true;
    options.inlineSourceMap = false;
    compiler = (code, file) => transformSync(code, file, tsCompilerOptionsToSwcConfig(options, file));
  }
  return compiler(source, filename);
}

/** Writes an entry whole or not at all: a process reading it meanwhile, or killed mid-write, never sees half of one. */
function store(file, code) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, code);
  fs.renameSync(tmp, file);
}

/** Compiles and caches one file: its map first, so that an entry's code never lacks its map. */
function compileInto(file, source, filename) {
  const { code, map } = compile(source, filename);
  store(`${file}.map`, map);
  store(file, code);
  return { code, map };
}

/**
 * The JavaScript for a .ts file, from the cache or else compiled now and
 * cached, and its source map: `mapFile` to read when needed, or `map` itself
 * when it could not be cached.
 */
function compiledSource(filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const file = entryPath(filename, source);
  try {
    return { code: fs.readFileSync(file, 'utf8'), mapFile: `${file}.map` };
  } catch (e) {
    if (e.code !== 'ENOENT') throw e;
  }
  try {
    return { code: compileInto(file, source, filename).code, mapFile: `${file}.map` };
  } catch (e) {
    if (!compiler) throw e; // the compiler failed, not the disk
    // A read-only or full disk: run uncached rather than not at all.
    const { code, map } = compile(source, filename);
    return { code, map };
  }
}

function* sourceFiles(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== '__fixtures__') yield* sourceFiles(full);
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && !entry.name.endsWith('.spec.ts')) {
      yield full;
    }
  }
}

/** Compiles every source file missing from the cache; returns how many were compiled and how many already were. */
function warm() {
  let compiled = 0;
  let cached = 0;
  for (const tree of SOURCE_TREES) {
    const dir = path.join(ROOT, tree);
    if (!fs.existsSync(dir)) continue;
    for (const filename of sourceFiles(dir)) {
      const source = fs.readFileSync(filename, 'utf8');
      const file = entryPath(filename, source);
      if (fs.existsSync(file)) {
        cached++;
        continue;
      }
      compileInto(file, source, filename);
      compiled++;
    }
  }
  return { compiled, cached };
}

module.exports = { compiledSource, warm, CACHE_DIR };

if (require.main === module) {
  const command = process.argv[2];
  if (command === 'warm') {
    const { compiled, cached } = warm();
    if (!process.argv.includes('--quiet') || compiled) process.stdout.write(`[prepare] TypeScript: ${compiled} files compiled, ${cached} already cached\n`);
  } else if (command === 'clear') {
    fs.rmSync(CACHE_DIR, { recursive: true, force: true });
  } else {
    process.stderr.write('usage: node scripts/ts-cache.js warm [--quiet] | clear\n');
    process.exit(2);
  }
}
