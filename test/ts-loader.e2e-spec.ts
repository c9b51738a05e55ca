import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './support/run-cli';

/*
 * scripts/register.js: how every service, the CLI and the benchmarks run the
 * TypeScript sources. A program is compiled once into a disk cache; a warm
 * cache runs without loading the compiler at all (about 80 MB of memory per
 * process), and stack traces still point into the .ts file.
 */

interface Run {
  stdout: string;
  stderr: string;
  status: number;
}

function run(file: string, cacheDir: string): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [join(ROOT, 'scripts/run.js'), file],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', TS_CACHE_DIR: cacheDir }, encoding: 'utf8', timeout: 60_000 },
      (err, stdout, stderr) => done({ stdout, stderr, status: err ? (typeof err.code === 'number' ? err.code : 1) : 0 }),
    );
  });
}

/** A program using what Nest needs of the compiler (decorator metadata), a path alias, and a throw on a known line. */
const program = (greeting: string) => `import 'reflect-metadata';
import { ConfigError } from '@app/config';

const Injectable = (): ClassDecorator => () => undefined;
class Clock {}

@Injectable()
class Greeter {
  constructor(private readonly clock: Clock) {}
}

const params = Reflect.getMetadata('design:paramtypes', Greeter) as unknown[];
const compilerLoaded = Object.keys(require.cache).some((f) => f.includes('@swc/core') || f.includes('/typescript/'));
console.log(JSON.stringify({ greeting: '${greeting}', injects: params[0] === Clock, alias: typeof ConfigError, compilerLoaded }));
if (process.argv.includes('--throw')) throw new Error('thrown on line 15');
throw new Error('thrown on line 16');
`;

describe('TypeScript loader (scripts/register.js)', () => {
  let dir: string;
  let cache: string;
  beforeAll(() => {
    // Inside the checkout, where the program's imports resolve (test-output/ is not tracked).
    mkdirSync(join(ROOT, 'test-output'), { recursive: true });
    dir = mkdtempSync(join(ROOT, 'test-output', 'loader-'));
    cache = join(dir, 'cache');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('compiles on the first run, then runs from the cache without loading the compiler, and recompiles an edited file', async () => {
    const file = join(dir, 'program.ts');
    writeFileSync(file, program('hello'));

    const cold = await run(file, cache);
    expect(JSON.parse(cold.stdout)).toEqual({ greeting: 'hello', injects: true, alias: 'function', compilerLoaded: true });
    expect(readdirSync(cache).length).toBeGreaterThan(0);

    const warm = await run(file, cache);
    expect(JSON.parse(warm.stdout)).toEqual({ greeting: 'hello', injects: true, alias: 'function', compilerLoaded: false });

    writeFileSync(file, program('edited'));
    const edited = await run(file, cache);
    expect(JSON.parse(edited.stdout)).toMatchObject({ greeting: 'edited', compilerLoaded: true });
  });

  it('reports errors at their line in the .ts source, from the cache too', async () => {
    const file = join(dir, 'thrower.ts');
    writeFileSync(file, program('stack'));
    for (let i = 0; i < 2; i++) {
      const r = await run(file, cache);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain('thrown on line 16');
      expect(r.stderr).toContain(`${file}:16`);
    }
  });
});
