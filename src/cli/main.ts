import { Command, Option } from 'commander';
import { createApp, type App } from '../app.js';
import { configFromEnv, openDatabase } from '../core/db.js';
import type { CliKit, TandemModule } from '../core/module.js';
import { migrate } from '../db/migrate.js';
import { MODULES } from '../modules.js';
import { serveCommand } from './serve.command.js';

export function buildProgram(): Command {
  const program = new Command('tandem')
    .description('Tandem: the joint IOM-UNHCR platform for refugees and migrants on the move')
    .addOption(new Option('--db <path>', 'SQLite database file (default: $TANDEM_DB or ./data/tandem.db; DATABASE_URL selects PostgreSQL)'))
    .showHelpAfterError()
    .configureOutput({ outputError: (s, write) => write(s) });

  /** Opens the configured database, migrates it, runs `fn` with the app, and always closes it. */
  const cli: CliKit<App> = {
    async withApp(fn) {
      const database = openDatabase(configFromEnv(program.opts<{ db?: string }>()));
      try {
        await migrate(database);
        return await fn(createApp(database));
      } finally {
        await database.close();
      }
    },
  };

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

  serveCommand(program);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  for (const m of MODULES as readonly TandemModule<string, any, object>[]) m.commands?.(program, cli);
  return program;
}
