import type { Command } from 'commander';
import { createApp } from '../app.js';
import { configFromEnv, openDatabase } from '../core/db.js';
import { migrate } from '../db/migrate.js';
import { seedDemoIfEmpty } from '../demo/seed.js';
import { buildServer } from '../http/server.js';

/** `tandem serve`: the API, its documentation and the web interface in one process. */
export function serveCommand(program: Command): void {
  program.command('serve')
    .description('run the HTTP API (docs at /docs)')
    .option('--port <port>', 'port', (v: string) => Number(v), Number(process.env.PORT ?? 3000))
    .option('--host <host>', 'address to listen on', process.env.HOST ?? '127.0.0.1')
    .option('--demo', 'seed the demo situations when the database is empty')
    .action(async (o: { port: number; host: string; demo?: boolean }) => {
      const database = openDatabase(configFromEnv(program.opts()));
      await migrate(database);
      const app = createApp(database);
      if (o.demo && (await seedDemoIfEmpty(app))) console.log('seeded the demo situations (an empty database was found)');
      const server = await buildServer(app, { logger: false });
      const close = async () => {
        await server.close();
        await database.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void close());
      process.once('SIGTERM', () => void close());
      const address = await server.listen({ port: o.port, host: o.host });
      console.log(`Tandem is running on ${database.where}`);
      console.log(`  API   ${address}/api/v1/situations`);
      console.log(`  docs  ${address}/docs`);
    });
}
