import { FaultAdminError } from '@faultline/fault-admin';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { controlStack } from './processes';

const answer = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('controlStack', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('reaches every process below the control room API, the gateway too, with the token', async () => {
    const calls: { url: string; authorization: string | null }[] = [];
    vi.stubGlobal('fetch', (url: string, init: RequestInit) => {
      calls.push({ url, authorization: new Headers(init.headers).get('authorization') });
      return Promise.resolve(answer(200, { items: [] }));
    });
    const stack = controlStack('sesame');
    await stack.payment.list();
    await stack.gateway.list();
    expect(calls).toEqual([
      { url: '/control/api/processes/payment/admin/faults', authorization: 'Bearer sesame' },
      { url: '/control/api/processes/gateway/admin/faults', authorization: 'Bearer sesame' },
    ]);
  });

  it("reaches another stack's processes through this gateway's way to it", async () => {
    const urls: string[] = [];
    vi.stubGlobal('fetch', (url: string) => {
      urls.push(url);
      return Promise.resolve(answer(200, { cleared: 0 }));
    });
    const stack = controlStack('sesame', '/control/api/stacks/group-b');
    await stack.order.clear();
    await stack.gateway.clear();
    expect(urls).toEqual([
      '/control/api/stacks/group-b/processes/order/admin/faults',
      '/control/api/stacks/group-b/processes/gateway/admin/faults',
    ]);
  });

  it('says once, in the gateway’s words, that a whole other stack could not be reached', async () => {
    vi.stubGlobal('fetch', () =>
      Promise.resolve(
        answer(503, {
          code: 'stack_unreachable',
          detail: 'group-b is not reachable at http://10.0.0.12:8080 (ECONNREFUSED).',
        }),
      ),
    );
    const failure = await controlStack('sesame', '/control/api/stacks/group-b')
      .catalog.clear()
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({
      failure: 'unreachable',
      status: 503,
      code: 'stack_unreachable',
      message: 'group-b is not reachable at http://10.0.0.12:8080 (ECONNREFUSED).',
    });
  });

  it("counts the gateway's 503 for a service it cannot reach as that service unreachable", async () => {
    vi.stubGlobal('fetch', () =>
      Promise.resolve(
        answer(503, {
          code: 'service_unreachable',
          detail: 'payment is not reachable at http://payment:3004',
        }),
      ),
    );
    const failure = await controlStack('sesame')
      .payment.list()
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(FaultAdminError);
    expect(failure).toMatchObject({ failure: 'unreachable', target: 'payment', status: 503 });
  });

  it('leaves a refused token and a refused rule as they are', async () => {
    vi.stubGlobal('fetch', () => Promise.resolve(answer(403, { code: 'forbidden' })));
    await expect(controlStack('wrong').order.list()).rejects.toMatchObject({
      failure: 'unauthorized',
    });
    vi.stubGlobal('fetch', () =>
      Promise.resolve(answer(400, { invalid_params: [{ name: 'kind', reason: 'nope' }] })),
    );
    await expect(controlStack('sesame').order.apply({ point: 'x' })).rejects.toMatchObject({
      failure: 'refused',
      status: 400,
    });
  });
});
