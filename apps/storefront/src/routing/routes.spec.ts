import { describe, expect, it } from 'vitest';
import { paths, routeOf } from './routes';

describe('routeOf', () => {
  it.each([
    ['/', { page: 'products' }],
    ['/products', { page: 'products' }],
    ['/products/prd_04', { page: 'product', id: 'prd_04' }],
    ['/cart/', { page: 'cart' }],
    ['/checkout', { page: 'checkout' }],
    ['/control', { page: 'control' }],
    ['/control/', { page: 'control' }],
    [
      '/orders/0b7f7ad6-53c0-4a7b-9f7e-4a0fd0f4b1e2',
      { page: 'order', id: '0b7f7ad6-53c0-4a7b-9f7e-4a0fd0f4b1e2' },
    ],
  ])('shows %s as %o', (path, route) => {
    expect(routeOf(path)).toEqual(route);
  });

  it.each([
    '/products/../admin',
    '/orders/not-a-uuid',
    '/products/%E0%A4%A',
    '/admin/faults',
    '/control/api',
  ])('shows %s as not found', (path) => {
    expect(routeOf(path)).toEqual({ page: 'not_found' });
  });

  it('writes paths that it reads back', () => {
    expect(routeOf(paths.product('prd_12'))).toEqual({ page: 'product', id: 'prd_12' });
  });
});
