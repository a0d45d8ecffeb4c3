/** Stream messages exactly as Binance sends them (combined-stream and WebSocket API user-data framing). */

const E = 1_795_000_000_000;

export const KLINE = JSON.stringify({
  stream: 'btcusdt@kline_1m',
  data: {
    e: 'kline', E: E + 123, s: 'BTCUSDT',
    k: {
      t: E - 60_000, T: E - 1, s: 'BTCUSDT', i: '1m', f: 4_100_000_001, L: 4_100_000_950,
      o: '90215.13000000', c: '90231.58000000', h: '90244.00000000', l: '90201.01000000',
      v: '12.84511000', n: 950, x: false, q: '1158949.43210512', V: '6.41022000', Q: '578383.12399830', B: '0',
    },
  },
});

export const TRADE = JSON.stringify({
  stream: 'btcusdt@trade',
  data: { e: 'trade', E: E + 7, s: 'BTCUSDT', t: 4_100_000_951, p: '90231.58000000', q: '0.00412000', T: E + 6, m: true, M: true },
});

function levels(base, step, n) {
  return Array.from({ length: n }, (_, i) => [(base + i * step).toFixed(2), (0.001 + i * 0.137).toFixed(8)]);
}

export const DEPTH_UPDATE = JSON.stringify({
  stream: 'btcusdt@depth@100ms',
  data: { e: 'depthUpdate', E: E + 100, s: 'BTCUSDT', U: 71_000_001, u: 71_000_042, b: levels(90231.57, -0.01, 10), a: levels(90231.58, 0.01, 10) },
});

export const EXECUTION_REPORT = JSON.stringify({
  subscriptionId: 0,
  event: {
    e: 'executionReport', E: E + 321, s: 'BTCUSDT', c: 'x-bench-7f3a9c1e2b4d', S: 'BUY', o: 'LIMIT', f: 'GTC',
    q: '0.00100000', p: '90000.00000000', P: '0.00000000', F: '0.00000000', g: -1, C: '', x: 'TRADE', X: 'PARTIALLY_FILLED',
    r: 'NONE', i: 4_293_153, l: '0.00050000', z: '0.00050000', L: '90000.00000000', n: '0.00000050', N: 'BTC',
    T: E + 320, t: 194_512, v: 3, I: 8_641_984, w: false, m: true, M: true, O: E - 5_000, Z: '45.00000000',
    Y: '45.00000000', Q: '0.00000000', W: E - 5_000, V: 'EXPIRE_MAKER',
  },
});

export const BOOK_TICKER = JSON.stringify({
  stream: 'btcusdt@bookTicker',
  data: { u: 71_000_042, s: 'BTCUSDT', b: '90231.57000000', B: '1.21340000', a: '90231.58000000', A: '0.66012000' },
});

/** Bases of the symbols in an all-market update: about the number of symbols Binance's changes in a second. */
const MINI_BASES = [
  'BTC', 'ETH', 'BNB', 'SOL', 'XRP', 'DOGE', 'ADA', 'TRX', 'AVAX', 'LINK', 'DOT', 'MATIC', 'LTC', 'BCH', 'UNI', 'ATOM', 'XLM', 'ETC',
  'FIL', 'APT', 'ARB', 'OP', 'NEAR', 'SUI', 'INJ', 'AAVE', 'MKR', 'SHIB', 'PEPE', 'WIF', 'TIA', 'SEI', 'RUNE', 'GRT', 'ALGO', 'EGLD',
  'SAND', 'MANA', 'AXS', 'FTM', 'HBAR', 'VET', 'ICP', 'QNT', 'FLOW', 'XTZ', 'THETA', 'CHZ', 'KAVA', 'ZEC',
];

export const MINI_TICKER_ARR = JSON.stringify({
  stream: '!miniTicker@arr',
  data: MINI_BASES.map((base, i) => {
    const price = 90231.58 / (i * 7 + 1);
    return {
      e: '24hrMiniTicker', E: E + 1000, s: `${base}USDT`, c: price.toFixed(8), o: (price * 0.98).toFixed(8), h: (price * 1.03).toFixed(8),
      l: (price * 0.97).toFixed(8), v: (1234567.891 / (i + 1)).toFixed(8), q: (98765432.1 / (i + 1)).toFixed(8),
    };
  }),
});
