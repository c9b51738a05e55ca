import { limitHeapGrowth } from '../heap-growth';

/**
 * A process that keeps about 80 MB live and churns through 2 GB more, held
 * long enough to reach the old generation, as a busy worker's garbage does.
 * Prints its peak heap size (JSON). Argument: HEAP_GROWTH_PERCENT.
 */
limitHeapGrowth(Number(process.argv[2]));
const block = (i: number) => new Array<number>(12_500).fill(i); // about 100 KB
const live = Array.from({ length: 800 }, (_, i) => block(i));
let held: number[][] = [];
let peak = 0;
for (let i = 0; i < 20_000; i++) {
  held.push(block(i));
  if (held.length > 100) held = [];
  peak = Math.max(peak, process.memoryUsage().heapTotal);
}
process.stdout.write(`${JSON.stringify({ peak, live: live.length })}\n`);
