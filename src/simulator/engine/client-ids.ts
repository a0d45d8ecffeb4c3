import { fold, mix32 } from '../market/hash.js';

/** Client order ids the exchange makes up for orders and cancels sent without one. */

const CLIENT_ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** The `index`-th Binance-looking client order id (22 characters) of a market seeded with `seed`. */
export function clientOrderId(seed: number, index: number): string {
  let h = fold(seed, 0xc1d + index);
  let id = '';
  for (let i = 0; i < 22; i++) {
    h = mix32(h + i);
    id += CLIENT_ID_ALPHABET[h % CLIENT_ID_ALPHABET.length];
  }
  return id;
}
