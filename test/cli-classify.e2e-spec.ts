import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..');

/**
 * The offline commands as a user runs them: the real CLI entry point, with PostgreSQL and
 * Redis pointed at closed ports, so any attempt to reach either would fail the command.
 */
function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'scripts/run.js'), join(root, 'apps/cli/src/main.ts'), ...args], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DATABASE_URL: 'postgresql://root@127.0.0.1:1/no_database_here',
      REDIS_URL: 'redis://127.0.0.1:1',
    },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const jsonLines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Report);

interface Report {
  file: string;
  title: string;
  categories: string[];
  matches: Array<{ ruleId: string; category: string; evidence: Array<{ field: 'title' | 'body'; start: number; end: number; text: string; snippet: string }> }>;
  facts: { places: Array<{ name: string }> };
}

const LOYALTY_PACK = `- id: loyalty-test
  name: Loyalty money
  category: loyalty-payment
  severity: high
  query: '(dprk OR "north korea*")^0 AND "loyalty money"'
  tests:
    match: ['North Korean workers pay loyalty money.']
    noMatch: ['Airline loyalty points can be exchanged for money.']
`;

const ENFORCEMENT_TITLE = 'Hunchun plant sends its North Korean crews home';
const ENFORCEMENT_BODY =
  'Police in Hunchun closed a seafood plant that still hired North Koreans in violation of the sanctions. ' +
  'The 60 workers were deported on the next train to Tumen, a neighbour said.\n\n' +
  'Under resolution 2397 all of them should have been repatriated by December 2019.\n';

const HTML_TITLE = 'Sakhalin builders hand over their pay';
const HTML_PARAGRAPHS = [
  'North Korean construction workers on Sakhalin island must pay 60,000 rubles a month in loyalty money to the state, two sources said.',
  'Their managers collect the money and send it to Pyongyang.',
];
const HTML_PAGE = `<!DOCTYPE html>
<html><head><title>${HTML_TITLE} | Test Wire</title></head>
<body>
<nav><a href="/">Test Wire</a> | <a href="/about">About</a></nav>
<article>
<h1>${HTML_TITLE}</h1>
${HTML_PARAGRAPHS.map((p) => `<p>${p}</p>`).join('\n')}
</article>
<footer>Test Wire is invented for this test.</footer>
</body></html>
`;

describe('offline commands: classify, rules lint, rules test (no PostgreSQL, no Redis)', () => {
  let dir: string;
  const at = (...parts: string[]) => join(dir, ...parts);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sm-classify-'));
    mkdirSync(at('pack'));
    writeFileSync(at('pack', 'loyalty.yaml'), LOYALTY_PACK);
    writeFileSync(at('loyalty.txt'), 'Title: Loyalty money rises\nSource: Test Wire\nDate: 2024-03-25\n\nDPRK workers in Dalian pay loyalty money every month.\n');
    writeFileSync(at('enforcement.txt'), `Title: ${ENFORCEMENT_TITLE}\n\n${ENFORCEMENT_BODY}`);
    writeFileSync(at('page.html'), HTML_PAGE);
    writeFileSync(at('missile.txt'), 'North Korea launched a ballistic missile into the sea on Tuesday, the South Korean military said.\n');
    writeFileSync(at('empty.txt'), '\n  \n');
    writeFileSync(at('image.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
    mkdirSync(at('folder.txt'));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints one exact JSON object per file with --json', () => {
    const r = cli('classify', '--json', '--rules', at('pack'), at('loyalty.txt'));
    expect(r).toMatchObject({ status: 0, stderr: '' });
    expect(JSON.parse(r.stdout)).toEqual({
      file: at('loyalty.txt'),
      title: 'Loyalty money rises',
      source: 'Test Wire',
      date: '2024-03-25T00:00:00.000Z',
      categories: ['loyalty-payment'],
      matches: [
        {
          ruleId: 'loyalty-test',
          category: 'loyalty-payment',
          severity: 'high',
          score: 2,
          evidence: [
            { field: 'title', start: 0, end: 13, text: 'Loyalty money', snippet: '[[Loyalty money]] rises', clause: '"loyalty money"' },
            {
              field: 'body',
              start: 27,
              end: 40,
              text: 'loyalty money',
              snippet: 'DPRK workers in Dalian pay [[loyalty money]] every month.',
              clause: '"loyalty money"',
            },
            { field: 'body', start: 0, end: 4, text: 'DPRK', snippet: '[[DPRK]] workers in Dalian pay loyalty money every month.', clause: 'dprk' },
          ],
        },
      ],
      facts: {
        places: [{ name: 'Dalian', country: 'CN', region: 'Liaoning', text: 'Dalian', span: [37, 43] }],
        amounts: [],
        workerCounts: [],
        resolutions: [],
        visas: [],
        dates: [],
      },
    });
  });

  it('classifies text and HTML files with the default pack (RULES_DIR), evidence offsets pointing into what was read', () => {
    const r = cli('classify', '--json', at('enforcement.txt'), at('page.html'), at('missile.txt'));
    expect(r).toMatchObject({ status: 0, stderr: '' });
    const [text, html, missile] = jsonLines(r.stdout);

    expect(text).toMatchObject({ file: at('enforcement.txt'), title: ENFORCEMENT_TITLE, categories: ['repatriation-enforcement'] });
    expect(html).toMatchObject({ file: at('page.html'), title: HTML_TITLE, categories: ['loyalty-payment'] });
    expect(missile).toMatchObject({ title: '', categories: [], matches: [] });

    const body = { text: ENFORCEMENT_BODY, html: HTML_PARAGRAPHS.join('\n\n') };
    for (const [report, fields] of [
      [text, { title: ENFORCEMENT_TITLE, body: body.text }],
      [html, { title: HTML_TITLE, body: body.html }],
    ] as const) {
      expect(report.matches.length).toBeGreaterThan(0);
      for (const m of report.matches) {
        for (const e of m.evidence) {
          expect(fields[e.field].slice(e.start, e.end)).toBe(e.text);
          expect(e.snippet).toContain(`[[${e.text.replace(/\s+/g, ' ')}]]`);
        }
      }
    }
    // The enforcement article's overstay-looking sentence ("still hired ... in violation of the
    // sanctions. The 60 workers") and its "should have been repatriated" are not read across a
    // full stop or as a removal.
    expect(text.matches.map((m) => m.ruleId)).toEqual(['enforcement-workers-removed']);
    expect(text.facts.places.map((p) => p.name)).toEqual(expect.arrayContaining(['Hunchun', 'Tumen']));
  });

  it('prints a readable report without --json', () => {
    const r = cli('classify', at('enforcement.txt'), at('missile.txt'));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`== ${at('enforcement.txt')}\nTitle: ${ENFORCEMENT_TITLE}\nCategories: repatriation-enforcement\n`);
    // The headline cue counts twice: score 2 + 2.
    expect(r.stdout).toContain(
      '  [medium] enforcement-workers-removed  repatriation-enforcement, score 4\n' +
        '      title Hunchun plant [[sends its North Korean crews home]]\n' +
        '      body  …still hired North Koreans in violation of the sanctions. The 60 [[workers were deported]] on the next train to Tumen,',
    );
    expect(r.stdout).toMatch(/Facts:\n {2}places: Hunchun \(CN, Jilin\), Tumen \(CN, Jilin\)/);
    expect(r.stdout).toContain(`== ${at('missile.txt')}\nTitle: (none)\nCategories: none (no rule matched)\n`);
  });

  it('reports each unreadable file on one line, still processes the others, and exits 1', () => {
    const r = cli('classify', '--json', '--rules', at('pack'), at('missing.txt'), at('loyalty.txt'), at('empty.txt'), at('image.txt'), at('folder.txt'));
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      `classify: ${at('missing.txt')}: no such file`,
      `classify: ${at('empty.txt')}: is empty`,
      `classify: ${at('image.txt')}: is not a text or HTML file (it holds binary data)`,
      `classify: ${at('folder.txt')}: is a folder, not a file`,
    ]);
    expect(jsonLines(r.stdout).map((x) => x.file)).toEqual([at('loyalty.txt')]);
  });

  it('refuses an invalid rules folder in one line, exit 1', () => {
    const missing = cli('classify', '--rules', at('no-such-pack'), at('loyalty.txt'));
    expect(missing).toMatchObject({ status: 1, stdout: '' });
    expect(missing.stderr).toBe(`classify: invalid rule pack: ${at('no-such-pack')}: rule pack folder or file not found\n`);

    mkdirSync(at('broken-pack'));
    writeFileSync(at('broken-pack', 'rules.yaml'), LOYALTY_PACK.replace(`AND "loyalty money"'`, `AND ("loyalty money"'`));
    const broken = cli('classify', '--rules', at('broken-pack'), at('loyalty.txt'));
    expect(broken).toMatchObject({ status: 1, stdout: '' });
    expect(broken.stderr).toBe(`classify: invalid rule pack: ${at('broken-pack', 'rules.yaml')}: loyalty-test: query: unbalanced parenthesis at 31\n`);
  });

  it('rules lint: every problem as "file: rule-id: message" with the query position, exit 1; one OK line otherwise', () => {
    mkdirSync(at('lint-pack'));
    writeFileSync(
      at('lint-pack', 'a.yaml'),
      `${LOYALTY_PACK}- id: near-without-distance
  name: Broken
  category: worker-overstay
  severity: low
  query: 'dprk AND workers NEAR abroad'
`,
    );
    writeFileSync(at('lint-pack', 'b.yaml'), '- id: Bad_Id\n  name: Bad\n  category: overstay\n  severity: high\n  query: dprk\n');
    const r = cli('rules', 'lint', '--rules', at('lint-pack'));
    expect(r.status).toBe(1);
    expect(r.stdout.trim().split('\n')).toEqual([
      `${at('lint-pack', 'a.yaml')}: near-without-distance: query: NEAR needs a number at 17`,
      `${at('lint-pack', 'b.yaml')}: Bad_Id: id: id must be a lower-case slug such as overstay-ordered-to-stay`,
      `${at('lint-pack', 'b.yaml')}: Bad_Id: category: Invalid option: expected one of "worker-overstay"|"visa-workaround"|"loyalty-payment"|"repatriation-enforcement"|"it-workers-cyber"`,
    ]);
    expect(r.stderr).toBe(`3 problem(s) in ${at('lint-pack')}\n`);

    const ok = cli('rules', 'lint', '--rules', at('pack'));
    expect(ok).toMatchObject({ status: 0, stdout: `OK: 1 rule(s) in ${at('pack')} (1 enabled), every query parses.\n` });
  });

  it("rules test: prints each failing case and exits 1; passes the default pack's own tests", () => {
    mkdirSync(at('failing-pack'));
    writeFileSync(
      at('failing-pack', 'rules.yaml'),
      LOYALTY_PACK.replace("match: ['North Korean workers pay loyalty money.']", "match: ['North Korean workers pay loyalty money.', 'Pyongyang collects loyalty dues.']"),
    );
    const r = cli('rules', 'test', '--rules', at('failing-pack'));
    expect(r).toMatchObject({ status: 1, stdout: 'loyalty-test: expected a match: "Pyongyang collects loyalty dues."\n' });
    expect(r.stderr).toBe('1 of 3 test case(s) fail, in 1 rule(s)\n');

    const pack = cli('rules', 'test');
    expect(pack.status).toBe(0);
    expect(pack.stdout).toMatch(/^OK: \d+ test case\(s\) of \d+ rule\(s\) pass\.\n$/);
  });

  it('documents every command and option in --help', () => {
    const classify = cli('classify', '--help');
    expect(classify.status).toBe(0);
    expect(classify.stdout).toContain('Usage: npm run cli -- classify [options] <file...>');
    expect(classify.stdout).toMatch(/--rules <dir>\s+rule pack folder/);
    expect(classify.stdout).toMatch(/--json\s+print one JSON object per file/);
    for (const sub of ['lint', 'test']) {
      const help = cli('rules', sub, '--help');
      expect(help.status).toBe(0);
      expect(help.stdout).toContain(`Usage: npm run cli -- rules ${sub} [options]`);
      expect(help.stdout).toMatch(/--rules <dir>\s+rule pack folder/);
    }
  });
});
