import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Card } from '../domain/card';
import type { CardVault } from '../domain/ports';

/** The card vault with AES-256-GCM: a random 12-byte IV, then the auth tag, then the ciphertext. */
export function cardVault(hexKey: string): CardVault {
  const key = Buffer.from(hexKey, 'hex');
  return {
    seal(card) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(JSON.stringify(card), 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), data]);
    },
    open(sealed) {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(12, 28));
      const text = Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString(
        'utf8',
      );
      return JSON.parse(text) as Card;
    },
  };
}
