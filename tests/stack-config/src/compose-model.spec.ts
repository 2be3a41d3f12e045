import { interpolate } from './compose-model';

describe('interpolate: the compose file as Compose reads it', () => {
  it('uses a default when the variable is unset, and for :- also when it is empty', () => {
    expect(interpolate('${ADDR:-127.0.0.1}:3000:3000', {})).toBe('127.0.0.1:3000:3000');
    expect(interpolate('${ADDR:-127.0.0.1}:3000:3000', { ADDR: '' })).toBe('127.0.0.1:3000:3000');
    expect(interpolate('${ADDR-127.0.0.1}', { ADDR: '' })).toBe('');
    expect(interpolate('${ADDR:-127.0.0.1}:3000:3000', { ADDR: '0.0.0.0' })).toBe(
      '0.0.0.0:3000:3000',
    );
  });

  it('reads $VAR and ${VAR}, keeps $$ as a literal $, and refuses a stray $', () => {
    expect(interpolate('$A-${B}', { A: 'x', B: 'y' })).toBe('x-y');
    expect(interpolate('cost: $$5', {})).toBe('cost: $5');
    expect(() => interpolate('price $', {})).toThrow(/invalid interpolation/);
  });
});
