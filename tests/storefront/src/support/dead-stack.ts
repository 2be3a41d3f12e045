import { once } from 'node:events';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A stack of the room that is down: its gateway's port drops every connection it gets. */
export interface DeadStack {
  url: string;
  close(): Promise<void>;
}

/**
 * Holds a loopback port and drops each connection at once, so the port stays down for the whole
 * suite (a port merely closed could be handed to another process meanwhile).
 */
export async function startDeadStack(): Promise<DeadStack> {
  const server = createServer((socket) => {
    socket.destroy();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}
