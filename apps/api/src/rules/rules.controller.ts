import { AuthUser, CurrentUser, Roles } from '@app/auth';
import { BacktestService, RuleValidationError, RulesService } from '@app/rules';
import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { BacktestDto, RollbackDto, RuleBodyDto, TestTextDto } from './rule.dto';

function parseDate(name: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new RuleValidationError([`${name}: not a date ("${value}")`]);
  return d;
}

function ruleFields(body: RuleBodyDto): Record<string, unknown> {
  if (!body || typeof body !== 'object') throw new RuleValidationError(['body: a JSON rule is required']);
  const { expectedVersion: _v, note: _n, ...rule } = body;
  return rule;
}

@ApiTags('rules')
@Controller('rules')
export class RulesController {
  constructor(
    private readonly rules: RulesService,
    private readonly backtests: BacktestService,
  ) {}

  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: 'The watch rules, enabled or not, with their current version' })
  list() {
    return this.rules.list();
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a rule: refused (400) when invalid, (422) when one of its test cases fails, (409) when the id exists' })
  async create(@Body() body: RuleBodyDto, @CurrentUser() user: AuthUser) {
    return (await this.rules.save(ruleFields(body), { actor: user.username, create: true, note: body?.note })).rule;
  }

  @Post('test')
  @Roles('analyst')
  @HttpCode(200)
  @ApiOperation({ summary: 'Test on this text: the live rules (or a draft rule) over a title and text; returns matches with evidence and the facts' })
  test(@Body() body: TestTextDto) {
    if (!body || typeof body.text !== 'string') throw new RuleValidationError(['text: required']);
    return this.backtests.testText({ title: body.title, text: body.text }, body.rule === undefined ? undefined : ruleFields(body.rule));
  }

  @Post('backtest')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Run a draft rule, not saved, over stored articles of a period: hit count, overlap with the categories already matched, sample hits with evidence' })
  backtest(@Body() body: BacktestDto) {
    if (!body?.rule) throw new RuleValidationError(['rule: required']);
    return this.backtests.backtest(ruleFields(body.rule), { from: parseDate('from', body.from), to: parseDate('to', body.to), samples: body.samples });
  }

  @Get(':id')
  @Roles('viewer')
  @ApiOperation({ summary: 'One rule' })
  get(@Param('id') id: string) {
    return this.rules.get(id);
  }

  @Put(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Save a new version of a rule (400 invalid, 422 failing test case, 409 stale expectedVersion, 404 unknown id)' })
  async update(@Param('id') id: string, @Body() body: RuleBodyDto, @CurrentUser() user: AuthUser) {
    const fields = ruleFields(body);
    if (fields.id !== undefined && fields.id !== id) throw new RuleValidationError([`id: "${String(fields.id)}" does not match the path ("${id}")`]);
    await this.rules.get(id);
    return (await this.rules.save({ ...fields, id }, { actor: user.username, expectedVersion: body.expectedVersion, note: body.note })).rule;
  }

  @Delete(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Disable a rule (its versions and past matches stay); enable it again with PUT' })
  async disable(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return (await this.rules.setEnabled(id, false, user.username)).rule;
  }

  @Get(':id/versions')
  @Roles('viewer')
  @ApiOperation({ summary: 'Every saved version of a rule, newest first, with who saved it' })
  history(@Param('id') id: string) {
    return this.rules.history(id);
  }

  @Get(':id/diff')
  @Roles('viewer')
  @ApiOperation({ summary: 'Unified diff between two versions (?from=1&to=2)' })
  async diff(@Param('id') id: string, @Query('from', ParseIntPipe) from: number, @Query('to', ParseIntPipe) to: number) {
    return { ruleId: id, from, to, diff: await this.rules.diff(id, from, to) };
  }

  @Post(':id/rollback')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Make an old version current again, saved as a new version' })
  async rollback(@Param('id') id: string, @Body() body: RollbackDto, @CurrentUser() user: AuthUser) {
    if (!Number.isInteger(body?.toVersion)) throw new RuleValidationError(['toVersion: a version number is required']);
    return (await this.rules.rollback(id, body.toVersion, user.username, body.expectedVersion)).rule;
  }
}
