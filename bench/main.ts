import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { backtestCase } from './backtest/backtest.case';
import type { BenchCase } from './bench-case';
import { digestCase } from './digest/digest.case';
import { ingestCase } from './ingest/ingest.case';
import { reviewCase } from './review/review.case';
import { rulesCase } from './rules/rules.case';
import { markdownSection, textTable, updateMarkdown } from './support/report';

/**
 * `npm run bench` runs every case; `npm run bench -- rules` one of them; `--mb 2` shrinks
 * generated corpora for a quick look (the figures are then written too). Each case
 * rewrites its own section of docs/BENCHMARKS.md. New cases (ingestion, digests, review)
 * go in their own folder and are added here.
 */
const CASES: BenchCase[] = [rulesCase, backtestCase, ingestCase, digestCase, reviewCase];

const DOC = resolve(__dirname, '..', 'docs', 'BENCHMARKS.md');

async function main(argv: string[]): Promise<void> {
  const names: string[] = [];
  let corpusMb: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--mb') corpusMb = Number(argv[++i]);
    else if (argv[i] === '--help' || argv[i] === '-h') return usage();
    else names.push(argv[i]);
  }
  if (corpusMb !== undefined && !(corpusMb > 0)) throw new Error('--mb needs a positive number of megabytes');
  const unknown = names.filter((n) => !CASES.some((c) => c.name === n));
  if (unknown.length) throw new Error(`unknown bench case ${unknown.join(', ')} (cases: ${CASES.map((c) => c.name).join(', ')})`);
  const selected = names.length ? CASES.filter((c) => names.includes(c.name)) : CASES;

  const cpu = cpus();
  const environment = `${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${cpu.length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
  for (const c of selected) {
    const started = Date.now();
    const report = await c.run({ mb: corpusMb, log: (line) => process.stderr.write(`${line}\n`) });
    process.stdout.write(`\n== ${c.title} (${((Date.now() - started) / 1000).toFixed(0)} s)\n\n`);
    for (const t of report.tables) process.stdout.write(`${textTable(t)}\n\n`);
    for (const t of report.targets) process.stdout.write(`${t.met ? 'MET   ' : 'MISSED'} ${t.target}: ${t.measured}\n`);
    const command = `npm run bench -- ${c.name}${corpusMb !== undefined ? ` --mb ${corpusMb}` : ''}`;
    updateMarkdown(DOC, c.name, markdownSection(c.name, c.title, command, environment, report));
    process.stdout.write(`\nWritten to ${DOC}\n`);
  }
}

function usage(): void {
  process.stdout.write(`usage: npm run bench [-- <case>...] [--mb <megabytes>]\ncases: ${CASES.map((c) => `${c.name} (${c.title})`).join(', ')}\n`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
