/**
 * The baseline for the ingest benchmark: a bare Fastify route that parses the same JSON body
 * and does nothing else. Prints its URL on stdout.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.post('/api/v1/posture', async (_req, reply) => reply.code(201).send({ id: 'x' }));
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
if (typeof address === 'object' && address !== null)
  console.log(`listening at http://127.0.0.1:${address.port}`);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
