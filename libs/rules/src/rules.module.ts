import { Module } from '@nestjs/common';
import { ClassifierService } from './classifier.service';
import { RulesService } from './rules.service';

@Module({
  providers: [ClassifierService, RulesService],
  exports: [ClassifierService, RulesService],
})
export class RulesModule {}
