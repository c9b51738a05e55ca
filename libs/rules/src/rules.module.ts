import { Module } from '@nestjs/common';
import { BacktestService } from './backtest.service';
import { ClassifierService } from './classifier.service';
import { RulesService } from './rules.service';

@Module({
  providers: [BacktestService, ClassifierService, RulesService],
  exports: [BacktestService, ClassifierService, RulesService],
})
export class RulesModule {}
