export interface Timing {
  /** Wall-clock milliseconds. */
  wallMs: number;
  /**
   * CPU milliseconds of the whole process (user + system, all threads: V8's helper
   * threads for garbage collection and compilation included). On a busy machine this is
   * the steadier measure of what one core can do.
   */
  cpuMs: number;
}

export function time(fn: () => void): Timing {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  fn();
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1e3 };
}

/** Wall time of `fn` in milliseconds. */
export function timeMs(fn: () => void): number {
  return time(fn).wallMs;
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Tracks the largest V8 heap seen; call sample() now and then inside a timed loop. */
export class HeapWatch {
  peak = 0;

  sample(): void {
    const used = process.memoryUsage().heapUsed;
    if (used > this.peak) this.peak = used;
  }
}

/** Collects garbage when the process was started with --expose-gc. */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
}

/** Peak resident set size of this process so far, in bytes. */
export const peakRssBytes = (): number => process.resourceUsage().maxRSS * 1024;

export const mb = (bytes: number, digits = 1) => (bytes / 1e6).toFixed(digits);
