import { Command, CommandRunner } from 'nest-commander';
import { RulesLintCommand, RulesTestCommand } from './rules-offline.command';
import { RulesBacktestCommand, RulesExportCommand, RulesHistoryCommand, RulesImportCommand, RulesRollbackCommand } from './rules-store.command';

@Command({
  name: 'rules',
  description: 'Watch rules: lint and test a pack offline; import, export, history (with diffs), rollback, backtest',
  subCommands: [RulesBacktestCommand, RulesExportCommand, RulesHistoryCommand, RulesImportCommand, RulesLintCommand, RulesRollbackCommand, RulesTestCommand],
})
export class RulesCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}
