/**
 * OPTIMISATION SEAM (ticker frames). Decodes the book-ticker and all-market mini-ticker frames in
 * one pass over their text instead of `JSON.parse` and the stream parser, which make a string of
 * every price and quantity before reading it again as a decimal (docs/PERFORMANCE.md, "Optimisation
 * seams"). The plain reference is `ticker-frames-reference.ts` (same signature); the differential
 * test `test/binance/ticker-frames-fast.test.ts` checks that whatever this decodes, the reference
 * decodes to the same models.
 */
import type { BookTicker, MarketTicker } from '../../core/models.js';
import { DecodedPayload } from './decoded-payload.js';
import { FrameReader } from './frame-reader.js';

/** What a decoded frame carries: its stream name and the model of its payload. */
export interface DecodedTickerFrame {
  stream: string;
  payload: DecodedPayload<BookTicker> | DecodedPayload<MarketTicker[]>;
}

/**
 * Decodes a combined-stream frame of `<symbol>@bookTicker` or `!miniTicker@arr`, exactly as Binance
 * writes them; undefined for anything else, which the caller decodes the general way. Like the
 * depth-frame decoder it accepts only the exact layout below (key order, no whitespace, no
 * escapes, plain integers and decimals), so it is never wrong, only sometimes not faster.
 *
 * `{"stream":"<symbol>@bookTicker","data":{"u":<int>,"s":"<text>","b":"<dec>","B":"<dec>","a":"<dec>","A":"<dec>"}}`
 * `{"stream":"!miniTicker@arr","data":[{"e":"24hrMiniTicker","E":<int>,"s":"<text>","c":"<dec>","o":"<dec>","h":"<dec>","l":"<dec>","v":"<dec>","q":"<dec>"},...]}`
 */
export function decodeTickerFrame(text: string): DecodedTickerFrame | undefined {
  // Frames of other streams are turned away by the name's last character (114, `r`) before anything longer.
  const nameEnd = text.indexOf('"', FRAME_START.length);
  if (nameEnd < 0 || text.charCodeAt(nameEnd - 1) !== 114 || !text.startsWith(FRAME_START)) return undefined;
  if (text.startsWith(MINI_TICKERS, FRAME_START.length) && nameEnd === FRAME_START.length + MINI_TICKERS.length) return miniTickers(text, nameEnd);
  if (nameEnd - FRAME_START.length > BOOK_TICKER.length && text.startsWith(BOOK_TICKER, nameEnd - BOOK_TICKER.length)) return bookTicker(text, nameEnd);
  return undefined;
}

const FRAME_START = '{"stream":"';
const BOOK_TICKER = '@bookTicker';
const MINI_TICKERS = '!miniTicker@arr';

function bookTicker(text: string, nameEnd: number): DecodedTickerFrame | undefined {
  const reader = new FrameReader(text, nameEnd + 1);
  if (!reader.skip(',"data":{"u":')) return undefined;
  const updateId = reader.integer();
  if (updateId < 0 || !reader.skip(',"s":"')) return undefined;
  const symbolStart = reader.at;
  const symbolEnd = reader.stringEnd();
  if (symbolEnd < 0 || !reader.skip(',"b":"')) return undefined;
  const bidPrice = reader.decimal();
  if (bidPrice === undefined || !reader.skip(',"B":"')) return undefined;
  const bidQuantity = reader.decimal();
  if (bidQuantity === undefined || !reader.skip(',"a":"')) return undefined;
  const askPrice = reader.decimal();
  if (askPrice === undefined || !reader.skip(',"A":"')) return undefined;
  const askQuantity = reader.decimal();
  if (askQuantity === undefined || !reader.skip('}}') || reader.at !== text.length) return undefined;
  const ticker: BookTicker = { symbol: text.slice(symbolStart, symbolEnd), bidPrice, bidQuantity, askPrice, askQuantity, updateId };
  return { stream: text.slice(FRAME_START.length, nameEnd), payload: new DecodedPayload(ticker) };
}

function miniTickers(text: string, nameEnd: number): DecodedTickerFrame | undefined {
  const reader = new FrameReader(text, nameEnd + 1);
  if (!reader.skip(',"data":[')) return undefined;
  const tickers: MarketTicker[] = [];
  if (!reader.skip(']')) {
    for (;;) {
      const ticker = miniTicker(reader, text);
      if (ticker === undefined) return undefined;
      tickers.push(ticker);
      if (reader.skip(']')) break;
      if (!reader.skip(',')) return undefined;
    }
  }
  if (!reader.skip('}') || reader.at !== text.length) return undefined;
  return { stream: MINI_TICKERS, payload: new DecodedPayload(tickers) };
}

function miniTicker(reader: FrameReader, text: string): MarketTicker | undefined {
  if (!reader.skip('{"e":"24hrMiniTicker","E":')) return undefined;
  const eventTime = reader.integer();
  if (eventTime < 0 || !reader.skip(',"s":"')) return undefined;
  const symbolStart = reader.at;
  const symbolEnd = reader.stringEnd();
  if (symbolEnd < 0 || !reader.skip(',"c":"')) return undefined;
  const lastPrice = reader.decimal();
  if (lastPrice === undefined || !reader.skip(',"o":"')) return undefined;
  const openPrice = reader.decimal();
  if (openPrice === undefined || !reader.skip(',"h":"')) return undefined;
  const highPrice = reader.decimal();
  if (highPrice === undefined || !reader.skip(',"l":"')) return undefined;
  const lowPrice = reader.decimal();
  if (lowPrice === undefined || !reader.skip(',"v":"')) return undefined;
  const volume = reader.decimal();
  if (volume === undefined || !reader.skip(',"q":"')) return undefined;
  const quoteVolume = reader.decimal();
  if (quoteVolume === undefined || !reader.skip('}')) return undefined;
  // The same field order as the general parser's, so every ticker has one shape.
  return {
    symbol: text.slice(symbolStart, symbolEnd), window: '24h', lastPrice, openPrice, highPrice, lowPrice, volume, quoteVolume,
    priceChangePercent: undefined, weightedAveragePrice: undefined, openTime: undefined, closeTime: undefined, trades: undefined, eventTime,
  };
}
