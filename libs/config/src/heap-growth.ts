import { setFlagsFromString } from 'node:v8';

/**
 * Caps how far V8 lets the heap grow past what the last full garbage
 * collection kept (HEAP_GROWTH_PERCENT) before it collects again. Left to
 * itself V8 lets a busy process's heap reach up to four times its live size:
 * the ingest worker, with about 120 MB live, sat at 500-700 MB resident
 * between collections (docs/BENCHMARKS.md). V8 reads the setting at each
 * collection, so it applies from start-up on, however the process was
 * launched (Node refuses this flag in NODE_OPTIONS). 0 changes nothing.
 */
export function limitHeapGrowth(percent: number): void {
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}
