import { request } from 'node:http';
import type { Server } from '../../src/http/server.js';

/**
 * Announces a large body, sends a few bytes, and waits for an answer: one can only come from a check made
 * before the body is read (the server listens on 127.0.0.1 for this).
 */
export async function answerBeforeBody(server: Server, path: string, headers: Record<string, string>, announcedBytes = 200 * 1024 * 1024): Promise<{ status: number; body: string }> {
  if (!server.server.listening) await server.listen({ host: '127.0.0.1', port: 0 });
  const { port } = server.server.address() as { port: number };
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1', port, method: 'POST', path,
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(announcedBytes), ...headers },
    }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => { body += c.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.write('{"#x+a0":');
    setTimeout(() => { req.destroy(); reject(new Error('no answer: the server waited for the body')); }, 5_000);
  });
}
