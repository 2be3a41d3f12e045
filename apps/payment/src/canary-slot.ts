/**
 * Compose's payment canary slot (service payment-canary, `node dist/canary-slot.js`): what npm
 * start's supervisor does natively, for a stack in containers. It listens on PORT with the
 * deployment API `faultline deploy` and `rollback` call (GET /deployments, PUT and DELETE
 * /deployments/payment, GET /deployments/targets for Prometheus) and starts the canary, payment at
 * another release, in this container on CANARY_PORT, reached by order and Prometheus as CANARY_URL. With
 * no canary running it is one small process; a canary that exits is not restarted.
 */
import { createServer } from 'node:http';
import { join } from 'node:path';
import {
  faultAdminTokenField,
  hostField,
  httpUrlField,
  parseConfig,
  portField,
} from '@faultline/instrumented/config';
// The subpaths, not the packages' roots: this process stays as small as a bare Node server plus
// zod, without the service shape's express, pg and OpenTelemetry (infra/README.md has the figure).
import { canarySlot, deploymentApi, spawnRelease } from '@faultline/service/release-slot';
import { z } from 'zod';

const schema = z.object({
  /** Where the deployment API listens (3009, as npm start's supervisor); the image's healthcheck asks it. */
  PORT: portField(3009),
  /** Where the canary listens in this container (payment's own port: 3004). */
  CANARY_PORT: portField(3004),
  HOST: hostField(),
  /** The canary's URL as order and Prometheus reach it, e.g. http://payment-canary:3004. */
  CANARY_URL: httpUrlField(),
  FAULT_ADMIN_TOKEN: faultAdminTokenField(),
});

const log = (event: string, fields: Record<string, unknown>, msg: string): void => {
  process.stdout.write(
    `${JSON.stringify({ level: 'info', time: Date.now(), service: 'payment-canary-slot', event, ...fields, msg })}\n`,
  );
};

function main(): void {
  const config = parseConfig(schema, process.env);
  const slot = canarySlot({
    start: (version) =>
      spawnRelease({
        entry: join(__dirname, 'main.js'),
        version,
        port: config.CANARY_PORT,
        url: config.CANARY_URL,
        env: process.env,
      }),
    log: (line) => {
      log('canary_slot', {}, line);
    },
  });
  const deployments = deploymentApi(slot, config.FAULT_ADMIN_TOKEN);
  const server = createServer((req, res) => {
    if (deployments(req, res)) return;
    // The container's healthcheck: the slot answers, whether or not a canary runs.
    if (req.method === 'GET' && (req.url === '/health/live' || req.url === '/health/ready')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    res.writeHead(404, { 'content-type': 'application/problem+json' }).end(
      JSON.stringify({
        type: 'about:blank',
        title: 'route_not_found',
        status: 404,
        code: 'route_not_found',
      }),
    );
  });
  server.listen(config.PORT, config.HOST, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    log(
      'service_listening',
      { url: `http://${config.HOST}:${port}`, canary_url: config.CANARY_URL },
      `payment canary slot listening on ${config.HOST}:${port}`,
    );
  });
  const stop = (): void => {
    // The canary drains first (its own SIGTERM handling), then the slot closes.
    void slot.rollback().finally(() => {
      server.close(() => process.exit(0));
      server.closeAllConnections();
    });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

try {
  main();
} catch (error) {
  // A setting that is wrong stops it naming the variable (parseConfig's message).
  process.stderr.write(
    `payment canary slot: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
}
