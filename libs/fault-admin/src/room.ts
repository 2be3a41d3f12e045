/** A list of stacks that cannot be read, said in one line naming the entry at fault. */
export class RoomListError extends Error {
  override name = 'RoomListError';
}

/** Where a stack's gateway listens unless its entry says otherwise (the shop's port). */
export const DEFAULT_GATEWAY_PORT = 8080;

/**
 * The entries of a room's list of stacks, written the same way wherever one is given (the CLI's
 * --hosts, a hosts file, FAULTLINE_HOSTS, the gateway's CONTROL_STACKS): separated by commas or
 * new lines, `#` starts a comment to the end of its line, blank entries are skipped, and an entry
 * may appear once.
 */
export function parseRoomList(text: string): string[] {
  const entries = text
    .split('\n')
    .flatMap((line) => line.replace(/#.*$/, '').split(','))
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const twice = entries.find((entry, i) => entries.indexOf(entry) !== i);
  if (twice !== undefined) throw new RoomListError(`${twice} is listed twice`);
  return entries;
}

/** Another stack of the room as the control room reaches it: its name and its gateway's URL. */
export interface RoomStack {
  /** What the panel and the reports call it: the host, or the name the entry gave. */
  name: string;
  /** Its gateway's base URL (no trailing slash), whose /control/api the control room calls. */
  url: string;
}

/** A name that is safe in a path segment and on a screen: a host name, an address, a label. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,62}$/;
/** A host name or IPv4 address, as --hosts takes them. */
const HOST = /^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$/;

/** An entry as an error shows it: whatever precedes an `@` (a password, say) is not repeated. */
const shown = (entry: string): string => entry.replace(/[^\s/=@]*@/, '****@');

/** An absolute http(s) URL of a gateway: no credentials, query or fragment. */
function gatewayUrl(text: string, given: string): string {
  const entry = shown(given);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new RoomListError(`${entry}: expected an http:// or https:// URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new RoomListError(`${entry}: expected an http:// or https:// URL`);
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '')
    throw new RoomListError(`${entry}: expected a URL without credentials, query or fragment`);
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/**
 * One entry of a room's list as a stack's gateway: `host` (as --hosts writes it: the gateway on
 * port 8080 of that host), `name=URL` (a gateway anywhere, under a name of its own), or a bare URL
 * (named by its host and port).
 */
export function roomStackOf(entry: string): RoomStack {
  const at = entry.indexOf('=');
  if (at >= 0) {
    const name = entry.slice(0, at).trim();
    if (!NAME.test(name))
      throw new RoomListError(
        `${shown(entry)}: expected a name of letters, digits, '.', '_', ':' or '-' before the '='`,
      );
    return { name, url: gatewayUrl(entry.slice(at + 1).trim(), entry) };
  }
  if (/^[a-z]+:\/\//i.test(entry)) {
    const url = gatewayUrl(entry, entry);
    return { name: new URL(url).host, url };
  }
  if (!HOST.test(entry))
    throw new RoomListError(`${shown(entry)}: expected a host, name=http://host:port or a URL`);
  return { name: entry, url: `http://${entry}:${DEFAULT_GATEWAY_PORT}` };
}

/** A room's list of stacks as gateways (see parseRoomList and roomStackOf); a name may appear once. */
export function parseRoomStacks(text: string): RoomStack[] {
  const stacks = parseRoomList(text).map(roomStackOf);
  const names = stacks.map((stack) => stack.name);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice !== undefined) throw new RoomListError(`the name ${twice} is given twice`);
  return stacks;
}
