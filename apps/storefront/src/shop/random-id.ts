/**
 * A random id of `bytes` bytes as hex. getRandomValues works on plain-HTTP origins too, where
 * crypto.randomUUID does not exist (the shop may be served over http on a LAN address).
 */
export function randomHex(bytes: number): string {
  const buffer = new Uint8Array(bytes);
  crypto.getRandomValues(buffer);
  return Array.from(buffer, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
