import { RulesService } from '@app/rules';
import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

@ApiTags('rules')
@Controller('rules')
export class RulesController {
  constructor(private readonly rules: RulesService) {}

  @Get()
  @ApiOperation({ summary: 'The watch rules, enabled or not, with their current version' })
  list() {
    return this.rules.list();
  }
}
