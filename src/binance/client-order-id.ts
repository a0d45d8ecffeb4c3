import { CLIENT_ORDER_ID_PATTERN } from '../spec/binance/enums.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Prefix of generated client order ids, so our orders are recognisable on the exchange. */
export const CLIENT_ORDER_ID_PREFIX = 'atc-';

/** Length of the random part: 62^22 ≈ 2^131 ids, so collisions never happen in practice. */
const RANDOM_LENGTH = 22;

/** A new client order id from Binance's allowed characters (26 chars, within the 36 allowed), drawn from `random` ([0, 1)). */
export function generateClientOrderId(random: () => number): string {
  let id = CLIENT_ORDER_ID_PREFIX;
  for (let i = 0; i < RANDOM_LENGTH; i += 1) {
    id += ALPHABET[Math.min(ALPHABET.length - 1, Math.floor(random() * ALPHABET.length))];
  }
  return id;
}

/** True when Binance accepts `id` as a client order id: 1–36 of `A–Z a–z 0–9 . : / _ -`. */
export function isValidClientOrderId(id: string): boolean {
  return CLIENT_ORDER_ID_PATTERN.test(id);
}
