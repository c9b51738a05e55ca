import { Roles, roleAllows } from '@app/auth';
import { Rule } from '@app/database';
import { ReviewFiguresService, RuleFigures } from '@app/review';
import { CATEGORIES, RuleValidationError, RulesService, SEVERITIES, compileRules, ruleDefinitionSchema, runRuleTests } from '@app/rules';
import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Req, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { SafeHtml, fmtDate, html } from './html';
import { layout, pageContext } from './layout';
import { PageExceptionFilter } from './page-exception.filter';

type TestInput = string | { title?: string; text: string };
const testText = (t: TestInput) => (typeof t === 'string' ? t : `${t.title ? `${t.title}\n` : ''}${t.text}`);

function pct(n: number | null): string {
  return n === null ? '-' : `${Math.round(n * 100)}%`;
}

function reasons(f?: RuleFigures): string {
  if (!f) return '-';
  const parts = Object.entries(f.dismissedByReason).filter(([, n]) => n > 0).map(([r, n]) => `${r.replace('_', ' ')} ${n}`);
  return parts.length ? parts.join(', ') : '-';
}

function editor(rule: Rule | null): SafeHtml {
  const tests = (rule?.tests ?? { match: [], noMatch: [] }) as { match?: TestInput[]; noMatch?: TestInput[] };
  return html`<form id="rule-editor" class="editor" data-rule-id="${rule?.id ?? ''}" data-version="${rule?.version ?? ''}">
<div class="cols">
<div>
  <label>Id <input name="id" required pattern="[a-z0-9][a-z0-9-]*" value="${rule?.id ?? ''}" ${rule ? new SafeHtml('readonly') : ''}></label>
  <label>Name <input name="name" required value="${rule?.name ?? ''}"></label>
  <label>Description <input name="description" value="${rule?.description ?? ''}"></label>
  <label>Category <select name="category">${CATEGORIES.map((c) => html`<option ${c === rule?.category ? 'selected' : ''}>${c}</option>`)}</select></label>
  <label>Severity <select name="severity">${SEVERITIES.map((s) => html`<option ${s === (rule?.severity ?? 'medium') ? 'selected' : ''}>${s}</option>`)}</select></label>
  <label>Threshold <input name="threshold" type="number" step="0.1" min="0" value="${rule?.threshold ?? 1}"></label>
  <label class="inline"><input name="enabled" type="checkbox" ${rule?.enabled === false ? '' : new SafeHtml('checked')}> Enabled</label>
  <label>Query <textarea name="query" rows="5" spellcheck="false" required>${rule?.query ?? ''}</textarea></label>
  <div id="syntax" class="check" aria-live="polite"></div>
  <label>Test cases that must match (one per line) <textarea name="tests.match" rows="5">${(tests.match ?? []).map(testText).join('\n')}</textarea></label>
  <label>Near misses that must not match (one per line) <textarea name="tests.noMatch" rows="4">${(tests.noMatch ?? []).map(testText).join('\n')}</textarea></label>
  <ul id="test-results" class="tests" aria-live="polite"></ul>
  <label>Why this change (kept in the history) <input name="note"></label>
  <button type="submit" id="save-rule">Save</button>
</div>
<div>
  <h2>Test on this text</h2>
  <label>Title <input id="try-title"></label>
  <label>Text <textarea id="try-text" rows="6"></textarea></label>
  <button type="button" id="try-run">Test</button>
  <div id="try-result" aria-live="polite"></div>
  <h2>Backtest over stored articles</h2>
  <label>From <input id="bt-from" type="date"></label> <label>To <input id="bt-to" type="date"></label>
  <button type="button" id="bt-run">Backtest</button>
  <div id="bt-result" aria-live="polite"></div>
</div>
</div>
</form>`;
}

@ApiExcludeController()
@Controller('app/rules')
@UseFilters(PageExceptionFilter)
export class RulesPageController {
  constructor(
    private readonly rules: RulesService,
    private readonly figures: ReviewFiguresService,
  ) {}

  @Get()
  @Roles('viewer')
  @Header('content-type', 'text/html; charset=utf-8')
  async list(@Req() req: Request): Promise<string> {
    const [rules, figures] = await Promise.all([this.rules.list(), this.figures.ruleFigures()]);
    const byRule = new Map(figures.map((f) => [f.ruleId, f]));
    const admin = roleAllows(req.user!.role, ['admin']);
    const rows = rules.map((r) => {
      const f = byRule.get(r.id);
      return html`<tr data-rule-id="${r.id}"><td><a href="/app/rules/${r.id}">${r.name}</a><br><small>${r.id}</small></td><td>${r.category}</td><td><span class="badge sev-${r.severity}">${r.severity}</span></td>
<td>v${r.version}${r.enabled ? '' : html` <span class="badge paused">disabled</span>`}</td><td>${f?.hits ?? 0}</td><td>${f?.confirmed ?? 0}</td><td>${f?.dismissed ?? 0}</td><td>${pct(f?.precision ?? null)}</td><td>${reasons(f)}</td>
<td><a href="/app/rules/${r.id}/history">history</a></td></tr>`;
    });
    const body = html`${admin ? html`<p><a class="button" href="/app/rules/new">New rule</a></p>` : ''}
<table class="list"><thead><tr><th>Rule</th><th>Category</th><th>Severity</th><th>Version</th><th>Hits</th><th>Confirmed</th><th>Dismissed</th><th>Precision</th><th>Dismiss reasons</th><th></th></tr></thead><tbody>${rows}</tbody></table>`;
    return layout(pageContext(req), 'Rules', body, { pageId: 'rules' });
  }

  @Get('new')
  @Roles('admin')
  @Header('content-type', 'text/html; charset=utf-8')
  create(@Req() req: Request): string {
    return layout(pageContext(req), 'New rule', editor(null), { pageId: 'rule-editor' });
  }

  /** The editor's live check: syntax and each of the draft's own test cases, nothing saved. */
  @Post('check')
  @Roles('admin')
  @HttpCode(200)
  check(@Body() body: unknown) {
    const parsed = ruleDefinitionSchema.safeParse({ id: 'draft', name: 'draft', category: CATEGORIES[0], severity: 'medium', ...(body as object) });
    if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.') || 'rule'}: ${i.message}`), tests: [] };
    const def = parsed.data;
    try {
      compileRules([{ ...def, enabled: true }]);
    } catch (e) {
      return { ok: false, problems: [`query: ${(e as Error).message.replace(/^rule [^:]+: /, '')}`], tests: [] };
    }
    const failures = runRuleTests(def);
    const failed = (expected: string, input: TestInput) =>
      failures.some((f) => f.expected === expected && f.text === (typeof input === 'string' ? input : input.text) && f.title === (typeof input === 'string' ? '' : (input.title ?? '')));
    const tests = [
      ...(def.tests?.match ?? []).map((t) => ({ expected: 'match', text: testText(t as TestInput), passed: !failed('match', t as TestInput) })),
      ...(def.tests?.noMatch ?? []).map((t) => ({ expected: 'noMatch', text: testText(t as TestInput), passed: !failed('noMatch', t as TestInput) })),
    ];
    return { ok: failures.length === 0, problems: [], tests };
  }

  @Get(':id')
  @Roles('viewer')
  @Header('content-type', 'text/html; charset=utf-8')
  async edit(@Req() req: Request, @Param('id') id: string): Promise<string> {
    const rule = await this.rules.get(id);
    if (!roleAllows(req.user!.role, ['admin'])) {
      const body = html`<dl class="facts"><dt>Query</dt><dd><code>${rule.query}</code></dd><dt>Category</dt><dd>${rule.category}</dd><dt>Severity</dt><dd>${rule.severity}</dd><dt>Version</dt><dd>${rule.version}</dd></dl><p><a href="/app/rules/${rule.id}/history">History</a></p>`;
      return layout(pageContext(req), rule.name, body, { pageId: 'rule' });
    }
    return layout(pageContext(req), `Edit ${rule.name}`, html`<p>Version ${rule.version}, <a href="/app/rules/${rule.id}/history">history</a></p>${editor(rule)}`, { pageId: 'rule-editor' });
  }

  @Get(':id/history')
  @Roles('viewer')
  @Header('content-type', 'text/html; charset=utf-8')
  async history(@Req() req: Request, @Param('id') id: string, @Query('from') fromQ?: string, @Query('to') toQ?: string): Promise<string> {
    const rule = await this.rules.get(id);
    const versions = await this.rules.history(id);
    const admin = roleAllows(req.user!.role, ['admin']);
    const to = toQ ? Number(toQ) : rule.version;
    const from = fromQ ? Number(fromQ) : Math.max(1, to - 1);
    if (!Number.isInteger(from) || !Number.isInteger(to)) throw new RuleValidationError(['from, to: version numbers']);
    const diff = from !== to ? await this.rules.diff(id, from, to) : '';
    const rows = versions.map(
      (v) => html`<tr data-version="${v.version}"><td>v${v.version}${v.version === rule.version ? ' (current)' : ''}</td><td>${fmtDate(v.createdAt)}</td><td>${v.createdBy}</td><td>${v.note ?? ''}</td>
<td><a href="/app/rules/${id}/history?from=${Math.max(1, v.version - 1)}&to=${v.version}">diff</a></td>
<td>${admin && v.version !== rule.version ? html`<button data-action="/rules/${id}/rollback" data-method="POST" data-body="${JSON.stringify({ toVersion: v.version, expectedVersion: rule.version })}" data-then="reload" data-confirm="Make version ${v.version} current again?">Roll back to v${v.version}</button>` : ''}</td></tr>`,
    );
    const diffLines = diff.split('\n').map((l) => html`<span class="${l.startsWith('+') ? 'add' : l.startsWith('-') ? 'del' : ''}">${l}</span>\n`);
    const body = html`<p><a href="/app/rules/${id}">${roleAllows(req.user!.role, ['admin']) ? 'Edit' : 'View'} the rule</a></p>
<table class="list"><thead><tr><th>Version</th><th>Saved</th><th>By</th><th>Note</th><th></th><th></th></tr></thead><tbody>${rows}</tbody></table>
<h2>Diff v${from} → v${to}</h2><pre class="diff" id="diff">${diffLines}</pre>`;
    return layout(pageContext(req), `History of ${rule.name}`, body, { pageId: 'rule-history' });
  }
}
