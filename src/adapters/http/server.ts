/**
 * Listening, kept apart from building (app.ts): the composition root builds the app, then
 * calls `listen`. Tests never listen; they `inject`.
 */
import type { FastifyInstance } from 'fastify';

export interface ListenOptions {
  readonly host: string;
  /** 0 picks a free port (the URL returned says which). */
  readonly port: number;
}

/** Starts serving and returns the base URL, e.g. `http://127.0.0.1:8080`. */
export async function listen(app: FastifyInstance, opts: ListenOptions): Promise<string> {
  await app.listen({ host: opts.host, port: opts.port });
  const address = app.server.address();
  if (address === null || typeof address === 'string') return String(address);
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
