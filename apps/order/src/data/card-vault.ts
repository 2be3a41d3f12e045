import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Card } from '../domain/card';

/**
 * AES-256-GCM sealing of card details for the retry queue: the worker must be able to charge an
 * order after a payment outage or a crash, but the card never rests in the clear and is erased as
 * soon as the order settles.
 */
export interface CardVault {
  seal(card: Card): Buffer;
  open(sealed: Buffer): Card;
}

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
