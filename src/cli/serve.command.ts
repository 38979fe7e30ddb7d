import type { Command } from 'commander';
import { createApp, jobsOf, type App } from '../app.js';
import { configFromEnv, openDatabase, type Database } from '../core/db.js';
import { startJobs } from '../core/module.js';
import { migrate } from '../db/migrate.js';
import { seedDemoIfEmpty } from '../demo/seed.js';
import { buildServer, type Server } from '../http/server.js';

/** How long a shutdown may wait for the requests and imports in flight before the process gives up on them. */
const SHUTDOWN_DEADLINE_MS = 9_000;

/**
 * Stops in the order that loses nothing: no new connection is accepted and a new request on an open one is
 * answered 503 (Fastify's `return503OnClosing`), the requests in flight finish, then the queued writes
 * (imports) and the background jobs' runs in flight, and only then is the database closed.
 */
async function shutDown(server: Server, app: App, database: Database, jobs: { stop(): Promise<void> }): Promise<void> {
  await server.close();
  await jobs.stop();
  await app.writes.idle();
  await database.close();
}

/** `tandem serve`: the API, its documentation and the web interface in one process. */
export function serveCommand(program: Command): void {
  program.command('serve')
    .description('run the HTTP API (docs at /docs)')
    .option('--port <port>', 'port', (v: string) => Number(v), Number(process.env.PORT ?? 3000))
    .option('--host <host>', 'address to listen on', process.env.HOST ?? '127.0.0.1')
    .option('--demo', 'seed the demo situations when the database is empty')
    .option('--no-jobs', 'do not run the background jobs (the escalation clock of issues of concern): another process runs them')
    .action(async (o: { port: number; host: string; demo?: boolean; jobs: boolean }) => {
      const database = openDatabase(configFromEnv(program.opts()));
      await migrate(database);
      const app = createApp(database);
      // A log written with another audit key could no longer be verified: refuse to start rather than append to it.
      const head = await app.audit.head();
      if (head?.keyId && head.keyId !== app.audit.keyId) {
        console.error(`error: ${(await app.audit.verify()).problems[0]?.message ?? 'the audit key does not match the log'}`);
        await database.close();
        process.exit(1);
      }
      if (o.demo && (await seedDemoIfEmpty(app))) console.log('seeded the demo situations (an empty database was found)');
      const server = await buildServer(app, { logger: false });
      // Only the job's name and the error's message: what a job works on may be personal.
      const jobs = startJobs(o.jobs ? jobsOf(app) : [], (job, e) => console.error(`error: ${job}: ${e instanceof Error ? e.message : String(e)}`));
      let stopping = false;
      const stop = (signal: NodeJS.Signals) => {
        if (stopping) {
          console.log(`${signal} received again: still finishing the requests in flight (at most ${SHUTDOWN_DEADLINE_MS / 1000} s)`);
          return;
        }
        stopping = true;
        console.log(`${signal} received: finishing the requests in flight, refusing new ones`);
        // A request that never ends (a client that stops reading) must not keep the process alive forever.
        setTimeout(() => {
          console.error(`error: requests were still running ${SHUTDOWN_DEADLINE_MS / 1000} s after ${signal}: stopped without waiting for them`);
          process.exit(1);
        }, SHUTDOWN_DEADLINE_MS);
        void shutDown(server, app, database, jobs).then(() => process.exit(0), (e: unknown) => {
          console.error(`error: shutting down: ${e instanceof Error ? e.message : String(e)}`);
          process.exit(1);
        });
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      const address = await server.listen({ port: o.port, host: o.host });
      console.log(`Tandem is running on ${database.where}`);
      console.log(`  API   ${address}/api/v1/situations`);
      console.log(`  docs  ${address}/docs`);
    });
}
