import type { Facts } from '@app/rules';

const uniq = (xs: string[]) => [...new Set(xs)];

/** One short line per kind of fact, for digests. */
export function summariseFacts(facts: Facts | null | undefined): string[] {
  if (!facts) return [];
  const lines: string[] = [];
  const places = uniq(facts.places.filter((p) => p.country !== 'KP').map((p) => `${p.name} (${p.country})`));
  if (places.length) lines.push(`Places: ${places.slice(0, 8).join(', ')}`);
  const amounts = uniq(facts.amounts.map((a) => `${a.value.toLocaleString('en-US')} ${a.currency}${a.per ? ` ${a.per}` : ''}`));
  if (amounts.length) lines.push(`Amounts: ${amounts.slice(0, 6).join(', ')}`);
  const workers = uniq(facts.workerCounts.map((w) => `${w.approximate ? '~' : ''}${w.value.toLocaleString('en-US')}`));
  if (workers.length) lines.push(`Workers: ${workers.slice(0, 6).join(', ')}`);
  const resolutions = uniq(facts.resolutions.map((r) => r.number));
  if (resolutions.length) lines.push(`UN resolutions: ${resolutions.join(', ')}`);
  const visas = uniq(facts.visas.map((v) => v.type));
  if (visas.length) lines.push(`Visas: ${visas.join(', ')}`);
  const deadlines = uniq(facts.dates.filter((d) => d.kind === 'deadline').map((d) => d.iso ?? d.text));
  if (deadlines.length) lines.push(`Deadlines: ${deadlines.slice(0, 4).join(', ')}`);
  return lines;
}
