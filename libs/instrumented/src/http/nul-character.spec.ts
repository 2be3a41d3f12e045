import { findNulCharacter } from './nul-character';

describe('findNulCharacter', () => {
  it('names the first string holding U+0000 by its path, array indexes included', () => {
    const body = JSON.parse('{"order": {"lines": [{"sku": "A"}, {"sku": "B\\u0000"}]}}') as unknown;
    expect(findNulCharacter(body, 'body')).toEqual({
      name: 'body.order.lines.1.sku',
      reason: 'must not contain the NUL character (U+0000)',
    });
  });

  it('names the object whose property name holds U+0000', () => {
    expect(findNulCharacter({ meta: { 'a\u0000': 1 } }, 'body')?.name).toBe('body.meta');
  });

  it('finds nothing in text that only looks like an escape, or in numbers, booleans and null', () => {
    expect(
      findNulCharacter({ note: '\\u0000', n: 0, ok: false, none: null, list: [] }, 'body'),
    ).toBe(undefined);
  });

  it('walks nesting far deeper than the call stack allows', () => {
    const depth = 200_000;
    const deep = JSON.parse(`${'['.repeat(depth)}"x\\u0000"${']'.repeat(depth)}`) as unknown;
    expect(findNulCharacter(deep, 'body')?.name).toBe(`body${'.0'.repeat(depth)}`);
  });
});
