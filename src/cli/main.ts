import { Command, Option } from 'commander';
import { createApp, type App } from '../app.js';
import { configFromEnv, openDatabase } from '../core/db.js';
import { migrate } from '../db/migrate.js';
import { registerAccessCommands } from './access.commands.js';
import { registerCoordinationCommands } from './coordination.commands.js';
import { registerHxlCommand } from './hxl.command.js';
import { registerDataCommands } from './data.commands.js';
import { registerSituationCommands } from './situation.commands.js';
import { registerServeCommand } from './serve.command.js';

/** Opens the configured database, migrates it, runs `fn`, and always closes it. */
export async function withApp<T>(program: Command, fn: (app: App) => Promise<T>): Promise<T> {
  const database = openDatabase(configFromEnv(program.opts<{ db?: string }>()));
  try {
    await migrate(database);
    return await fn(createApp(database));
  } finally {
    await database.close();
  }
}

export function buildProgram(): Command {
  const program = new Command('tandem')
    .description('Tandem: the joint IOM-UNHCR platform for refugees and migrants on the move')
    .addOption(new Option('--db <path>', 'SQLite database file (default: $TANDEM_DB or ./data/tandem.db; DATABASE_URL selects PostgreSQL)'))
    .showHelpAfterError()
    .configureOutput({ outputError: (s, write) => write(s) });

  const db = program.command('db').description('database administration');
  db.command('migrate')
    .description('apply pending migrations (they also run automatically at start)')
    .action(async () => {
      const database = openDatabase(configFromEnv(program.opts()));
      try {
        const applied = await migrate(database);
        console.log(applied.length ? `applied ${applied.join(', ')} on ${database.where}` : `up to date (${database.where})`);
      } finally {
        await database.close();
      }
    });

  registerServeCommand(program);
  registerDataCommands(program);
  registerSituationCommands(program);
  registerCoordinationCommands(program);
  registerAccessCommands(program);
  registerHxlCommand(program);
  return program;
}
