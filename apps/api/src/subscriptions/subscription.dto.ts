import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class SubscriptionFiltersDto {
  @ApiPropertyOptional({ type: [String], enum: ['worker-overstay', 'visa-workaround', 'loyalty-payment', 'repatriation-enforcement', 'it-workers-cyber'] })
  categories?: string[];
  @ApiPropertyOptional({ enum: ['low', 'medium', 'high', 'critical'] })
  minSeverity?: string;
  @ApiPropertyOptional({ type: [String], example: ['RU', 'CN'], description: 'ISO 3166 alpha-2 codes of the places in the items' })
  countries?: string[];
  @ApiPropertyOptional({ type: [String], description: 'source ids or keys' })
  sources?: string[];
  @ApiPropertyOptional({ description: 'only items an analyst confirmed (default: every match not dismissed)' })
  confirmedOnly?: boolean;
}

/** Documents the body; the service validates it (zod) and answers 400 naming each field. */
export class SubscriptionBodyDto {
  @ApiProperty({ example: 'Compliance EMEA' })
  name!: string;
  @ApiProperty({ type: [String], example: ['sanctions-desk@bank.example'] })
  recipients!: string[];
  @ApiPropertyOptional({ default: '0 7 * * *', description: 'a preset ("daily at 7", "weekly on monday at 8:30") or a five-field cron expression', example: 'weekly on monday at 8' })
  schedule?: string;
  @ApiPropertyOptional({ default: 'UTC', example: 'Europe/London' })
  timezone?: string;
  @ApiPropertyOptional({ type: SubscriptionFiltersDto })
  filters?: SubscriptionFiltersDto;
  @ApiPropertyOptional({ default: false, description: 'send a digest (with its coverage) even when nothing matched' })
  sendEmpty?: boolean;
  @ApiPropertyOptional({ default: false, description: 'mail at once when an item opens as critical or is escalated' })
  immediateAlerts?: boolean;
  @ApiPropertyOptional({ default: true })
  enabled?: boolean;
}
