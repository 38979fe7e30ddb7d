import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Helmet's security headers for a fixed policy, computed once at start: every answer then copies a small
 * object. (@fastify/helmet builds the helmet middleware again on every request, which cost a fifth of a
 * small answer's time under load.) Helmet stays the one that knows which headers to send and how.
 */
export async function securityHeaders(options: Readonly<HelmetOptions>): Promise<Readonly<Record<string, string>>> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number | readonly string[]) => { headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value); },
    removeHeader: (name: string) => { delete headers[name.toLowerCase()]; },
    getHeader: (name: string) => headers[name.toLowerCase()],
  };
  await new Promise<void>((resolve, reject) => {
    helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve()));
  });
  return Object.freeze(headers);
}
