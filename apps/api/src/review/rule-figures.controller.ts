import { Roles } from '@app/auth';
import { ReviewFiguresService } from '@app/review';
import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

/** Analysts' decisions per rule: registered before RulesController so /rules/figures is not read as a rule id. */
@ApiTags('rules')
@Controller('rules')
export class RuleFiguresController {
  constructor(private readonly figures: ReviewFiguresService) {}

  @Get('figures')
  @Roles('viewer')
  @ApiOperation({ summary: 'Per rule: hits, confirmed, dismissed by reason, precision, median time to decision' })
  all() {
    return this.figures.ruleFigures();
  }

  @Get(':id/figures')
  @Roles('viewer')
  @ApiOperation({ summary: "One rule's figures from analysts' decisions" })
  async one(@Param('id') id: string) {
    const [figures] = await this.figures.ruleFigures(id);
    return figures ?? { ruleId: id, hits: 0, confirmed: 0, dismissed: 0, dismissedByReason: { off_topic: 0, duplicate: 0, outdated: 0, wrong_sense: 0 }, open: 0, precision: null, medianDecisionMs: null };
  }

  @Get(':id/suggested-exclusions')
  @Roles('viewer')
  @ApiOperation({ summary: 'Terms and sources analysts named as misleading when dismissing this rule’s items' })
  suggestedExclusions(@Param('id') id: string) {
    return this.figures.suggestedExclusions(id);
  }
}
