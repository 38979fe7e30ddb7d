/**
 * A throwaway PostgreSQL cluster for the restart scenario: made with initdb in a temporary directory, on
 * a port of its own, and removed afterwards. The shared cluster other tests use is never touched.
 */
import { execFile, execFileSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { workDir } from './common.js';

/** The directory of PostgreSQL's server programs (initdb, pg_ctl): `TANDEM_PG_BIN`, else the newest under /usr/lib/postgresql. */
export function postgresBin(): string | null {
  const wanted = process.env.TANDEM_PG_BIN;
  if (wanted) return existsSync(join(wanted, 'pg_ctl')) ? wanted : null;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb')) && existsSync(join(root, v, 'bin', 'pg_ctl')));
  versions.sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

export interface Cluster {
  url: string;
  /** `pg_ctl restart -m fast`: sessions are ended, the server comes back. Resolves once it accepts connections. */
  restart(): Promise<void>;
  /** `pg_ctl stop -m immediate`: every process ends at once, as in a crash. */
  stopImmediately(): Promise<void>;
  /** Starts it again (after a crash stop: recovery first). Resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops it and removes its directory. */
  destroy(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Creates and starts a cluster, stopped and removed at the latest when this process exits.
 */
export async function createCluster(bin: string): Promise<Cluster> {
  const dir = workDir('pg');
  const data = join(dir.path, 'data');
  // PostgreSQL refuses to run as root: as root, its programs run as the `postgres` user.
  const user = process.getuid?.() === 0 ? {
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  } : {};
  // pg_ctl runs still going (a restart half done) are ended before the cluster is stopped, or one could start it again.
  const running = new Set<ChildProcess>();
  const exec = (program: string, args: string[]) => new Promise<void>((resolve, reject) => {
    const child = execFile(join(bin, program), args, { ...user, cwd: dir.path, timeout: 120_000 }, (e) => {
      running.delete(child);
      if (!e) return resolve();
      const log = existsSync(join(dir.path, 'log')) ? readFileSync(join(dir.path, 'log'), 'utf8').slice(-1000) : '';
      reject(new Error(`${program} ${args.join(' ')} failed: ${e.message}\n${log}`));
    });
    running.add(child);
  });
  const stopNow = () => {
    for (const child of running) child.kill('SIGKILL');
    try {
      execFileSync(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop'], { ...user, cwd: dir.path, stdio: 'ignore', timeout: 30_000 });
    } catch {
      // not running
    }
  };
  // Should this process end without destroying the cluster (a test runner stopping a failed file), stop it
  // anyway, before its directory goes (pg_ctl finds the server by it).
  const onExit = () => { stopNow(); dir.remove(); };
  process.prependOnceListener('exit', onExit);

  try {
    if (user.uid !== undefined) chownSync(dir.path, user.uid, user.gid);
    const port = await freePort();
    await exec('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
    const options = `-p ${port} -k ${dir.path} -c listen_addresses=127.0.0.1 -c fsync=off`;
    const start = () => exec('pg_ctl', ['-D', data, '-o', options, '-l', join(dir.path, 'log'), '-w', '-t', '60', 'start']);
    await start();
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      restart: () => exec('pg_ctl', ['-D', data, '-l', join(dir.path, 'log'), '-m', 'fast', '-w', '-t', '60', 'restart']),
      stopImmediately: () => exec('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']),
      start,
      async destroy() {
        stopNow();
        dir.remove();
        process.off('exit', onExit);
      },
    };
  } catch (e) {
    onExit();
    process.off('exit', onExit);
    throw e;
  }
}
