import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

/** Peak heap of the churning fixture process under HEAP_GROWTH_PERCENT `percent`. */
function peakHeap(percent: number): number {
  const out = execFileSync(process.execPath, [join(ROOT, 'scripts/run.js'), join(__dirname, '__fixtures__/heap-churn.ts'), String(percent)], { cwd: ROOT, encoding: 'utf8' });
  return (JSON.parse(out.trim()) as { peak: number }).peak;
}

describe('limitHeapGrowth', () => {
  // Each process keeps about 80 MB live and makes 2 GB of garbage that lives
  // long enough to be promoted: the pattern of a busy ingest worker.
  it('keeps the heap near its live size where V8 left alone lets it grow to several times that', () => {
    const unlimited = peakHeap(0);
    const limited = peakHeap(50);
    expect(limited).toBeLessThan(320e6);
    expect(unlimited).toBeGreaterThan(1.5 * limited);
  });
});
