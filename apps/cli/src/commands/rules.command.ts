import { Command, CommandRunner } from 'nest-commander';
import { RulesBacktestCommand, RulesExportCommand, RulesHistoryCommand, RulesImportCommand, RulesRollbackCommand } from './rules-store.command';

@Command({
  name: 'rules',
  description: 'Watch rules: import, export, history (with diffs), rollback, backtest',
  subCommands: [RulesBacktestCommand, RulesExportCommand, RulesHistoryCommand, RulesImportCommand, RulesRollbackCommand],
})
export class RulesCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}
