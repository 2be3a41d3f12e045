import { RoomListError, parseRoomList, parseRoomStacks, roomStackOf } from './room';

describe("a room's list of stacks", () => {
  it('reads entries separated by commas or lines, skipping comments and blanks', () => {
    expect(parseRoomList(' a ,b\n# the break-out room\n\nc # last\n,')).toEqual(['a', 'b', 'c']);
    expect(parseRoomList('')).toEqual([]);
  });

  it('refuses an entry given twice', () => {
    expect(() => parseRoomList('a\nb,a')).toThrow(new RoomListError('a is listed twice'));
  });

  it('takes a host (its gateway on 8080), a named gateway URL, or a bare URL named by its host', () => {
    expect(roomStackOf('10.0.0.11')).toEqual({ name: '10.0.0.11', url: 'http://10.0.0.11:8080' });
    expect(roomStackOf('group-b = https://b.example.com:8443/shop/')).toEqual({
      name: 'group-b',
      url: 'https://b.example.com:8443/shop',
    });
    expect(roomStackOf('http://10.0.0.12:8081')).toEqual({
      name: '10.0.0.12:8081',
      url: 'http://10.0.0.12:8081',
    });
  });

  it.each([
    ['b=ftp://x', 'b=ftp://x: expected an http:// or https:// URL'],
    ['b=http://x/?q=1', 'b=http://x/?q=1: expected a URL without credentials, query or fragment'],
    ['b=http://me:pw@x', 'b=http://****@x: expected a URL without credentials, query or fragment'],
    ['a b', 'a b: expected a host, name=http://host:port or a URL'],
    ['x/y', 'x/y: expected a host, name=http://host:port or a URL'],
    [
      'b c=http://x',
      "b c=http://x: expected a name of letters, digits, '.', '_', ':' or '-' before the '='",
    ],
  ])('refuses %j, naming the entry and what it expected (never a password)', (entry, message) => {
    expect(() => roomStackOf(entry)).toThrow(new RoomListError(message));
  });

  it('refuses two stacks under one name', () => {
    expect(() => parseRoomStacks('a=http://x:1, a=http://y:1')).toThrow(
      'the name a is given twice',
    );
    expect(() => parseRoomStacks('x, x=http://x:8080')).toThrow('the name x is given twice');
  });
});
