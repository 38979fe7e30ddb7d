/**
 * How the server serves the web interface on a slow link (issue 18): every file precompressed at build (brotli
 * and gzip) and sent as the browser accepts it, hashed files cached for a year, pages never; and the signed-in
 * hint, a cookie the page reads (no secret in it) so that a visitor's pages never ask who is signed in.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, type Server } from '../src/http/server.js';
import { makeUser, PASSWORD } from './helpers/auth.js';
import { freshDb, type TestDb } from './helpers/engines.js';

describe('the web interface as the server sends it', () => {
  let t: TestDb;
  let server: Server;
  const root = mkdtempSync(join(tmpdir(), 'tandem-web-served-'));
  const html = '<!doctype html><html><body><div id="root"><p>Loading…</p></div></body></html>';
  const js = `console.log(${JSON.stringify('x'.repeat(5000))});`;

  beforeAll(async () => {
    mkdirSync(join(root, 'assets'));
    for (const [file, text] of [['index.html', html], ['assets/index-abc123.js', js]] as const) {
      writeFileSync(join(root, file), text);
      writeFileSync(join(root, `${file}.br`), brotliCompressSync(text));
      writeFileSync(join(root, `${file}.gz`), gzipSync(text));
    }
    t = await freshDb('sqlite');
    server = await buildServer(t.app, { webRoot: root });
  });
  afterAll(async () => { await server?.close(); await t?.dispose(); rmSync(root, { recursive: true, force: true }); });

  it('sends the brotli or gzip copy the browser accepts, the plain file otherwise, and says it varies by encoding', async () => {
    const br = await server.inject({ url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(js);
    expect(String(br.headers.vary)).toMatch(/accept-encoding/i);
    const gz = await server.inject({ url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(js);
    const plain = await server.inject({ url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(js);
  });

  it('caches hashed files for a year and pages never; a page of the application is the index, compressed too', async () => {
    const asset = await server.inject({ url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'br' } });
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    for (const url of ['/', '/situations/venezuela-colombia', '/plans/x?tab=report']) {
      const page = await server.inject({ url, headers: { 'accept-encoding': 'br' } });
      expect(page.statusCode, url).toBe(200);
      expect(page.headers['cache-control'], url).toBe('no-cache');
      expect(page.headers['content-encoding'], url).toBe('br');
      expect(brotliDecompressSync(page.rawPayload).toString(), url).toBe(html);
    }
  });

  it('sets a readable signed-in hint at sign-in, with no secret in it, and clears it at sign-out', async () => {
    const user = await makeUser(t.app, [['platform', 'viewer']]);
    const signedIn = await server.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: user.email, password: PASSWORD } });
    const cookies = [signedIn.headers['set-cookie']].flat().map(String);
    const hint = cookies.find((c) => c.startsWith('tandem_signed_in='))!;
    expect(hint).toMatch(/^tandem_signed_in=1; /);
    expect(hint).not.toMatch(/HttpOnly/i);
    expect(hint).toMatch(/SameSite=Lax/i);
    expect(cookies.find((c) => c.startsWith('tandem_session='))).toMatch(/HttpOnly/i);
    const session = cookies.find((c) => c.startsWith('tandem_session='))!.split(';')[0]!;
    const out = await server.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: { cookie: session, 'x-csrf-token': signedIn.json().csrfToken } });
    expect(out.statusCode).toBe(204);
    const cleared = [out.headers['set-cookie']].flat().map(String).find((c) => c.startsWith('tandem_signed_in='));
    expect(cleared).toMatch(/^tandem_signed_in=; /);
    expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970/);
  });
});
