/**
 * The OpenAPI document without a database: the routes are built over services whose unit of
 * work refuses to run, since describing the API never calls a service.
 */
import { createServices, type Services } from '../../services/index.ts';
import type { UnitOfWork } from '../../services/kernel/ports.ts';
import { systemClock, systemRandom, ulidIds } from '../system.ts';
import { buildApp } from './app.ts';

const refuse = () => Promise.reject(new Error('no database: this app instance only describes the API'));
const noDatabase: UnitOfWork = { run: refuse, read: refuse, runAlone: refuse };

/** Services that refuse to run: enough to build the app and describe it. */
export const servicesWithoutDatabase = (): Services =>
  createServices({ uow: noDatabase, clock: systemClock, ids: ulidIds(), random: systemRandom });

export async function openApiDocument(): Promise<unknown> {
  const app = buildApp({ services: servicesWithoutDatabase(), ready: async () => false, logger: false });
  try {
    await app.ready();
    return app.swagger();
  } finally {
    await app.close();
  }
}
