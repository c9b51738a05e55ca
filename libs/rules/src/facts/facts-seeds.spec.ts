import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Facts } from './index';
import { extract } from './facts.spec-helpers';

/**
 * Checks the key facts of the real seed articles (kept outside the repository, next
 * to it: ../shared/corpus/seeds). Their text is never copied here; only the facts
 * their labels describe are asserted.
 */
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const SEEDS = path.resolve(REPO_ROOT, '..', 'shared', 'corpus', 'seeds');

interface SeedLabel {
  published: string;
  facts: string[];
}

function load(file: string): { facts: Facts; label: SeedLabel } {
  const labels = JSON.parse(fs.readFileSync(path.join(SEEDS, 'labels.json'), 'utf8')) as Record<string, SeedLabel>;
  const label = labels[file];
  expect(label).toBeDefined();
  const text = fs.readFileSync(path.join(SEEDS, file), 'utf8');
  // Only a full date is a publication date; "2019" alone would invent a day.
  return { facts: extract(text, /^\d{4}-\d{2}-\d{2}$/.test(label.published) ? label.published : undefined), label };
}

const place = (facts: Facts, name: string) => facts.places.find((p) => p.name === name);

if (!fs.existsSync(SEEDS)) {
  describe('seed articles', () => {
    it('are not available here', () => {
      console.warn(`Seed checks were not run: no seed folder at ${SEEDS}`);
      expect(fs.existsSync(SEEDS)).toBe(false);
    });
  });
} else {
  describe('seed articles', () => {
    it('000: Sakhalin and Dalian quotas in rubles and yuan', () => {
      const { facts } = load('000-loyalty-quotas-doubled.txt');
      expect(place(facts, 'Sakhalin')).toMatchObject({ country: 'RU' });
      expect(place(facts, 'Dalian')).toMatchObject({ country: 'CN', region: 'Liaoning' });
      expect(facts.amounts).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ value: 62000, currency: 'RUB', per: 'per person' }),
          expect.objectContaining({ value: 3400, currency: 'CNY', per: 'per person' }),
        ]),
      );
      expect(facts.dates).toEqual(expect.arrayContaining([expect.objectContaining({ text: 'March 10', iso: '2025-03-10' })]));
    });

    it('001: Liaoning and Jilin, student visas and no visas, the Dec. 22, 2019 deadline', () => {
      const { facts } = load('001-stays-extended-china.txt');
      expect(place(facts, 'Liaoning')).toMatchObject({ country: 'CN' });
      expect(place(facts, 'Jilin')).toMatchObject({ country: 'CN' });
      const visaTypes = facts.visas.map((v) => v.type);
      expect(visaTypes).toEqual(expect.arrayContaining(['student', 'none', 'trainee']));
      expect(facts.dates).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'deadline', iso: '2019-12-22' })]));
      // "stay until year's end", read against the publication date.
      expect(facts.dates).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'deadline', iso: '2020-12-31' })]));
    });

    it('002: $1.7 billion, 100,000 workers, Kuwait, Qatar and Mongolia', () => {
      const { facts } = load('002-workers-abroad-hackers.txt');
      expect(facts.amounts).toEqual(expect.arrayContaining([expect.objectContaining({ value: 1.7e9, currency: 'USD' })]));
      expect(facts.workerCounts).toEqual(expect.arrayContaining([expect.objectContaining({ value: 100000 })]));
      expect(facts.workerCounts).toEqual(expect.arrayContaining([expect.objectContaining({ value: 10000, approximate: true })]));
      for (const [name, country] of [
        ['Kuwait', 'KW'],
        ['Qatar', 'QA'],
        ['Mongolia', 'MN'],
        ['China', 'CN'],
        ['Russia', 'RU'],
      ]) {
        expect(place(facts, name)).toMatchObject({ country });
      }
    });

    it('003: Resolution 2397 and the late-2019 deadline', () => {
      const { facts } = load('003-ordered-to-overstay.txt');
      expect(facts.resolutions.map((r) => r.number)).toContain('2397');
      expect(facts.dates).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'deadline', iso: '2019' })]));
      expect(place(facts, 'China')).toBeDefined();
    });

    it('004: Longjing in Jilin, 70 and 30 workers, Resolution 2375, 120 days', () => {
      const { facts } = load('004-workers-ejected-sanctions.txt');
      expect(place(facts, 'Longjing')).toMatchObject({ country: 'CN', region: 'Jilin' });
      expect(place(facts, 'Yanji')).toMatchObject({ country: 'CN', region: 'Jilin' });
      expect(facts.workerCounts).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ value: 70, approximate: true }),
          expect.objectContaining({ value: 30 }),
        ]),
      );
      expect(facts.resolutions.map((r) => r.number)).toContain('2375');
      expect(facts.dates).toEqual(
        expect.arrayContaining([expect.objectContaining({ kind: 'deadline', text: 'within 120 days', iso: '2018-03-06' })]),
      );
    });

    it('finds no resolution, amount or worker count that is not in the articles', () => {
      // Guards against false positives on real prose: every number-based fact of the
      // five articles, listed.
      const all = fs
        .readdirSync(SEEDS)
        .filter((f) => f.endsWith('.txt'))
        .map((f) => load(f).facts);
      expect(all.flatMap((f) => f.resolutions.map((r) => r.number)).sort()).toEqual(['2375', '2375', '2397']);
      expect(all.flatMap((f) => f.amounts.map((a) => `${a.value} ${a.currency}`)).sort()).toEqual(['1700000000 USD', '3400 CNY', '62000 RUB']);
      expect(all.flatMap((f) => f.workerCounts.map((w) => w.value)).sort((a, b) => a - b)).toEqual([30, 70, 10000, 100000]);
    });
  });
}
