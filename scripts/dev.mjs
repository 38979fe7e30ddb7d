// Development: the API (tsx, restarted on change) on :3000 and Vite with hot reload on :5173, which proxies /api.
import { spawn } from 'node:child_process';

const run = (cmd, args) => spawn(cmd, args, { stdio: 'inherit', env: process.env });
const children = [
  run('npx', ['tsx', 'watch', 'src/cli/run.ts', 'serve', '--demo', '--port', '3000']),
  run('npx', ['vite', '--config', 'web/vite.config.ts']),
];
const stop = () => { for (const c of children) c.kill('SIGTERM'); process.exit(0); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const c of children) c.on('exit', (code) => { if (code) stop(); });
