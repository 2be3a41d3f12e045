/**
 * Child process: the ceiling. A bare Express app answering POST /orders with a 201 and a small JSON
 * body after parsing the checkout, with no telemetry preload, no database and no downstream calls:
 * what this machine can serve at all through Node and Express.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';

async function main(): Promise<void> {
  const app = express();
  app.disable('x-powered-by');
  let next = 0;
  app.post('/orders', express.json(), (req, res) => {
    const body = req.body as { items?: unknown[] };
    res.status(201).json({
      id: `bare-${++next}`,
      status: 'paid',
      items: body.items?.length ?? 0,
      total: { amount: 6900, currency: 'EUR' },
    });
  });
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  process.send?.({ type: 'ready', url: `http://127.0.0.1:${port}` });
  process.on('disconnect', () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`bare server failed: ${String(error)}\n`);
  process.exit(1);
});
