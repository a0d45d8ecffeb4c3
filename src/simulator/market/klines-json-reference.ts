import type { CandleSource } from './candle-source.js';
import { klineRow, type Kline } from './klines.js';

/**
 * The plain reference for `klines-json-fast.ts`, with the same signature: `JSON.stringify` of the
 * klines' `klineRow`s, open and close times in microseconds when `microseconds` (the close time
 * ends in 999, the bucket's last microsecond), as UTF-8 bytes.
 */
export function klinesJson(source: CandleSource, klines: readonly Kline[], microseconds: boolean): Buffer {
  const rows = klines.map((kline) => {
    const row = klineRow(source, kline.candle);
    if (microseconds) {
      row[0] *= 1000;
      row[6] = row[6] * 1000 + 999;
    }
    return row;
  });
  return Buffer.from(JSON.stringify(rows));
}
