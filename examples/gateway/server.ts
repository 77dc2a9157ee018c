// A runnable example gateway: `VIGIL_KAFKA_BROKERS=localhost:9094 VIGIL_JWKS_URL=http://127.0.0.1:8080/.well-known/jwks.json
// npx tsx examples/gateway/server.ts` — answers "hello" unless Vigil says otherwise for the X-User it is given.
import { createServer } from 'node:http';
import { VigilGateway } from '@vigil/gateway-sdk';
import { vigilMiddleware } from './node-http.js';

const gateway = new VigilGateway({
  brokers: (process.env.VIGIL_KAFKA_BROKERS ?? 'localhost:9094').split(','),
  keys: { jwksUrl: process.env.VIGIL_JWKS_URL ?? 'http://127.0.0.1:8080/.well-known/jwks.json' },
  failMode: process.env.VIGIL_FAIL_MODE === 'closed' ? 'closed' : 'open',
  onDrop: (d) => console.warn(`dropped decision record (${d.reason}): ${d.detail}`),
});
await gateway.start();

// In a real gateway the user comes from the verified session or token; a plain header keeps the example short.
const guard = vigilMiddleware(gateway, (req) => ({ user: req.headers['x-user'] as string | undefined, agent: req.headers['x-agent'] as string | undefined }));
const server = createServer((req, res) => guard(req, res, () => res.end('hello\n')));
server.listen(Number(process.env.PORT ?? 8000), () => process.stdout.write(`example gateway on :${process.env.PORT ?? 8000}\n`));

const stop = async (): Promise<void> => {
  server.close();
  await gateway.stop();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
