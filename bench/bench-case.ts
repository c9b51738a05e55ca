/** One table of results, printed on the console and written into docs/BENCHMARKS.md. */
export interface BenchTable {
  title: string;
  columns: string[];
  rows: string[][];
}

/** What a case hands back: its section of docs/BENCHMARKS.md. */
export interface BenchReport {
  /** Lines of prose before the tables (what was measured, and how). */
  intro: string[];
  tables: BenchTable[];
  /** Targets and whether they are met, one line each. */
  targets: Array<{ target: string; measured: string; met: boolean }>;
  /** Where the time goes, caveats. */
  notes: string[];
}

export interface BenchOptions {
  /** Corpus size in MB for cases that generate one (default: the case's own). */
  mb?: number;
  /** Prints progress lines. */
  log: (line: string) => void;
}

/**
 * A benchmark case. Cases live in their own folder under bench/ and are registered in
 * bench/main.ts; `npm run bench -- <name>` runs one.
 */
export interface BenchCase {
  name: string;
  title: string;
  run(options: BenchOptions): Promise<BenchReport>;
}
