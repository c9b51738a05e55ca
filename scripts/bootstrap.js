#!/usr/bin/env node
// Prepares a checkout to run: the right Node, dependencies installed from the
// lock file, and the Prisma client generated from prisma/schema.prisma. Runs
// before `npm run demo`, `npm test` and the other scripts; does nothing when
// everything is already in place. Plain Node: it runs before any dependency exists.
'use strict';
const { execFileSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const quiet = process.argv.includes('--quiet');
const forceGenerate = process.argv.includes('--generate');
const say = (msg) => quiet || process.stdout.write(`[prepare] ${msg}\n`);
const fail = (msg) => {
  process.stderr.write(`[prepare] ${msg}\n`);
  process.exit(1);
};
const hashOf = (...files) => {
  const h = createHash('sha256');
  for (const f of files) h.update(fs.existsSync(f) ? fs.readFileSync(f) : '');
  return h.digest('hex');
};
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (cmd, args, env) => execFileSync(cmd, args, { cwd: root, stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit', env: { ...process.env, ...env } });

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) fail(`Node.js 20.19 or newer is needed (this is ${process.versions.node}).`);

// The test suite drives Debian's Chromium in the web-app tests: say so before
// minutes of other tests rather than in a failure at the end.
const CHROMIUM = '/usr/bin/chromium';
if (process.argv.includes('--tests') && !fs.existsSync(CHROMIUM)) {
  fail(`Chromium is missing (${CHROMIUM}): the web-app tests drive it headless. Install it with \`apt-get install chromium\` (bash .ci/run does), then run the tests again.`);
}

// 1. Dependencies: reinstall when package-lock.json changed since the last install.
const lock = path.join(root, 'package-lock.json');
const marker = path.join(root, 'node_modules', '.sanctions-monitor-install');
const lockHash = hashOf(lock, path.join(root, 'package.json'));
if (!fs.existsSync(marker) || fs.readFileSync(marker, 'utf8') !== lockHash) {
  say('installing dependencies (npm install)...');
  try {
    // Not `npm ci`: npm 11 leaves other platforms' optional binaries (SWC's) out of
    // the lock file here, and `npm ci` then refuses the lock as out of sync.
    run(npm, ['install', '--no-save', '--no-audit', '--no-fund']);
  } catch {
    fail('npm could not install the dependencies (see above). Check that the npm registry is reachable.');
  }
  fs.writeFileSync(marker, lockHash);
}

// 2. Prisma client: regenerate when the schema changed. Prisma's CLI wants a
// schema-engine binary it cannot download offline; generate never calls it,
// so any executable satisfies the check.
const schema = path.join(root, 'prisma', 'schema.prisma');
const generated = path.join(root, 'libs', 'database', 'src', 'generated');
const genMarker = path.join(generated, '.schema-hash');
const schemaHash = hashOf(schema, path.join(root, 'node_modules', 'prisma', 'package.json'));
if (forceGenerate || !fs.existsSync(genMarker) || fs.readFileSync(genMarker, 'utf8') !== schemaHash) {
  say('generating the Prisma client...');
  try {
    run(process.execPath, [path.join(root, 'node_modules', 'prisma', 'build', 'index.js'), 'generate'], {
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || process.execPath,
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
    });
  } catch {
    fail('prisma generate failed (see above).');
  }
  fs.writeFileSync(genMarker, schemaHash);
}

// 3. TypeScript: compile the sources not yet in the loader's cache (see
// register.js), so no service, CLI run or benchmark process loads the compiler.
try {
  const { compiled, cached } = require('./ts-cache').warm();
  if (compiled) say(`compiled ${compiled} TypeScript files (${cached} unchanged)`);
} catch (e) {
  fail(`compiling the TypeScript sources failed: ${e.message}`);
}
