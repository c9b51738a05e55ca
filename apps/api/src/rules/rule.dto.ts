import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const CATEGORIES = ['worker-overstay', 'visa-workaround', 'loyalty-payment', 'repatriation-enforcement', 'it-workers-cyber'];

export class RuleTestsDto {
  @ApiProperty({ type: [String], description: 'Texts the rule must match (or objects { title?, text, facts? })' })
  match!: unknown[];
  @ApiProperty({ type: [String], description: 'Near misses the rule must not match' })
  noMatch!: unknown[];
}

/** Documents the body; the service validates it (zod) and answers 400 with each problem. */
export class RuleBodyDto {
  @ApiProperty({ example: 'overstay-ordered-to-stay', description: 'Lower-case slug; must equal the path id on update' })
  id!: string;
  @ApiProperty()
  name!: string;
  @ApiPropertyOptional()
  description?: string;
  @ApiProperty({ enum: CATEGORIES })
  category!: string;
  @ApiProperty({ enum: ['low', 'medium', 'high', 'critical'] })
  severity!: string;
  @ApiProperty({ example: '("north korea*" OR dprk) AND workers NEAR/10 (overstay* OR "ordered to stay")', description: 'See libs/rules/README.md' })
  query!: string;
  @ApiPropertyOptional({ default: 1 })
  threshold?: number;
  @ApiPropertyOptional({ default: true })
  enabled?: boolean;
  @ApiPropertyOptional({ type: RuleTestsDto })
  tests?: RuleTestsDto;
  @ApiPropertyOptional({ description: 'Update only: the version the edit started from; a newer stored version answers 409' })
  expectedVersion?: number;
  @ApiPropertyOptional({ description: 'Why the change was made (kept in the history and audit log)' })
  note?: string;
}

export class TestTextDto {
  @ApiPropertyOptional()
  title?: string;
  @ApiProperty()
  text!: string;
  @ApiPropertyOptional({ type: RuleBodyDto, description: 'A draft rule to test instead of the live rules' })
  rule?: RuleBodyDto;
}

export class BacktestDto {
  @ApiProperty({ type: RuleBodyDto, description: 'The draft rule (id, name, category and severity may be left out)' })
  rule!: RuleBodyDto;
  @ApiPropertyOptional({ description: 'ISO date: articles stored from then on' })
  from?: string;
  @ApiPropertyOptional({ description: 'ISO date: articles stored before then' })
  to?: string;
  @ApiPropertyOptional({ default: 10, maximum: 100 })
  samples?: number;
}

export class RollbackDto {
  @ApiProperty({ description: 'The version to make current again (as a new version)' })
  toVersion!: number;
  @ApiPropertyOptional()
  expectedVersion?: number;
}
