import type { ServerResponse } from 'node:http';

/** The responses a server has not finished, counted so shutdown can wait for them. */
export interface InFlightRequests {
  /** Counts a response until it closes (finished, or its connection gone). */
  track(res: ServerResponse): void;
  /**
   * From now on every response, and each one in flight whose headers are not out yet, carries
   * `Connection: close`, so keep-alive clients move to another instance after their answer.
   */
  startDraining(): void;
  /** Calls `listener` now if nothing is in flight, and again each time the last one closes. */
  onIdle(listener: () => void): void;
  readonly size: number;
}

export function trackInFlight(): InFlightRequests {
  const open = new Set<ServerResponse>();
  const idleListeners: (() => void)[] = [];
  let draining = false;
  const lastOnConnection = (res: ServerResponse): void => {
    if (!res.headersSent) res.setHeader('Connection', 'close');
  };
  return {
    track(res) {
      open.add(res);
      if (draining) lastOnConnection(res);
      res.once('close', () => {
        open.delete(res);
        if (open.size === 0) for (const listener of idleListeners) listener();
      });
    },
    startDraining() {
      draining = true;
      for (const res of open) lastOnConnection(res);
    },
    onIdle(listener) {
      idleListeners.push(listener);
      if (open.size === 0) listener();
    },
    get size() {
      return open.size;
    },
  };
}
