import { describe, expect, it } from 'vitest';
import { ExchangeError } from '../../src/core/errors.js';
import { parseExchangeInfo } from '../../src/binance/exchange-info.js';
import {
  parseAccountBalances, parseAccountPositions, parseDepth, parseKlines, parseOrder, parseServerTime, parseTicker24hr,
} from '../../src/binance/parsers.js';
import type {
  WireAccount, WireDepth, WireExchangeInfo, WireKline, WireOrder, WireTicker24hr,
} from '../../src/binance/wire-types.js';

// The exact samples of BINANCE_API.md §4.
const KLINES = JSON.parse('[[1499040000000,"0.01634790","0.80000000","0.01575800","0.01577100","148976.11427815",1499644799999,"2434.19055334",308,"1756.87402397","28.46694368","0"]]') as WireKline[];
const TICKER = JSON.parse('{"symbol":"BNBBTC","priceChange":"-94.99999800","priceChangePercent":"-95.960","weightedAvgPrice":"0.29628482","prevClosePrice":"0.10002000","lastPrice":"4.00000200","lastQty":"200.00000000","bidPrice":"4.00000000","bidQty":"100.00000000","askPrice":"4.00000200","askQty":"100.00000000","openPrice":"99.00000000","highPrice":"100.00000000","lowPrice":"0.10000000","volume":"8913.30000000","quoteVolume":"15.30000000","openTime":1499783499040,"closeTime":1499869899040,"firstId":28385,"lastId":28460,"count":76}') as WireTicker24hr;
const DEPTH = JSON.parse('{"lastUpdateId":1027024,"bids":[["4.00000000","431.00000000"]],"asks":[["4.00000200","12.00000000"]]}') as WireDepth;
const ACCOUNT = JSON.parse(`{"makerCommission":15,"takerCommission":15,"buyerCommission":0,"sellerCommission":0,
 "commissionRates":{"maker":"0.00150000","taker":"0.00150000","buyer":"0.00000000","seller":"0.00000000"},
 "canTrade":true,"canWithdraw":true,"canDeposit":true,"brokered":false,"requireSelfTradePrevention":false,"preventSor":false,
 "updateTime":123456789,"accountType":"SPOT",
 "balances":[{"asset":"BTC","free":"4723846.89208129","locked":"0.00000000"},{"asset":"LTC","free":"0.00000000","locked":"1.50000000"},{"asset":"ETH","free":"0.00000000","locked":"0.00000000"}],
 "permissions":["SPOT"],"uid":354937868}`) as WireAccount;
const ORDER_FULL = JSON.parse(`{"symbol":"BTCUSDT","orderId":28,"orderListId":-1,"clientOrderId":"6gCrw2kRUAF9CvJDGP16IP","transactTime":1507725176595,
 "price":"0.00000000","origQty":"10.00000000","executedQty":"10.00000000","origQuoteOrderQty":"0.000000","cummulativeQuoteQty":"10.00000000","status":"FILLED","timeInForce":"GTC","type":"MARKET","side":"SELL","workingTime":1507725176595,"selfTradePreventionMode":"NONE",
 "fills":[{"price":"4000.00000000","qty":"1.00000000","commission":"4.00000000","commissionAsset":"USDT","tradeId":56}]}`) as WireOrder;
const ORDER_QUERY = JSON.parse('{"symbol":"LTCBTC","orderId":1,"orderListId":-1,"clientOrderId":"myOrder1","price":"0.1","origQty":"1.0","executedQty":"0.0","cummulativeQuoteQty":"0.0","status":"NEW","timeInForce":"GTC","type":"LIMIT","side":"BUY","stopPrice":"0.0","icebergQty":"0.0","time":1499827319559,"updateTime":1499827319559,"isWorking":true,"workingTime":1499827319559,"origQuoteOrderQty":"0.000000","selfTradePreventionMode":"NONE"}') as WireOrder;
const ORDER_CANCEL = JSON.parse('{"symbol":"LTCBTC","origClientOrderId":"myOrder1","orderId":4,"orderListId":-1,"clientOrderId":"cancelMyOrder1","transactTime":1684804350068,"price":"2.00000000","origQty":"1.00000000","executedQty":"0.00000000","origQuoteOrderQty":"0.000000","cummulativeQuoteQty":"0.00000000","status":"CANCELED","timeInForce":"GTC","type":"LIMIT","side":"BUY","selfTradePreventionMode":"NONE"}') as WireOrder;

describe('parsers', () => {
  it('server time', () => {
    expect(parseServerTime({ serverTime: 1499827319559 })).toBe(1499827319559);
  });

  it('klines, decimals exact and closed by server time', () => {
    const [candle] = parseKlines(KLINES, 'BNBBTC', '1w', 1499644800000);
    expect(candle).toBeDefined();
    const c = candle!;
    expect([c.symbol, c.interval, c.openTime, c.closeTime, c.trades, c.closed]).toEqual(['BNBBTC', '1w', 1499040000000, 1499644799999, 308, true]);
    expect([c.open, c.high, c.low, c.close, c.volume, c.quoteVolume].map((v) => v.toFixed()))
      .toEqual(['0.0163479', '0.8', '0.015758', '0.015771', '148976.11427815', '2434.19055334']);
    expect(parseKlines(KLINES, 'BNBBTC', '1w', 1499644799999)[0]!.closed).toBe(false);
  });

  it('24hr ticker', () => {
    const t = parseTicker24hr(TICKER);
    expect(t.symbol).toBe('BNBBTC');
    expect([t.lastPrice, t.bidPrice, t.askPrice, t.openPrice, t.highPrice, t.lowPrice, t.volume, t.quoteVolume, t.priceChangePercent].map((v) => v.toFixed()))
      .toEqual(['4.000002', '4', '4.000002', '99', '100', '0.1', '8913.3', '15.3', '-95.96']);
    expect(t.closeTime).toBe(1499869899040);
  });

  it('depth', () => {
    const book = parseDepth(DEPTH, 'BNBBTC');
    expect(book.lastUpdateId).toBe(1027024);
    expect(book.bids.map((l) => [l.price.toFixed(), l.quantity.toFixed()])).toEqual([['4', '431']]);
    expect(book.asks.map((l) => [l.price.toFixed(), l.quantity.toFixed()])).toEqual([['4.000002', '12']]);
  });

  it('account: balances keep non-zero free amounts; positions keep anything held', () => {
    expect([...parseAccountBalances(ACCOUNT)].map(([a, v]) => [a, v.toFixed()])).toEqual([['BTC', '4723846.89208129']]);
    expect(parseAccountPositions(ACCOUNT).map((p) => [p.asset, p.free.toFixed(), p.locked.toFixed(), p.total.toFixed()]))
      .toEqual([['BTC', '4723846.89208129', '0', '4723846.89208129'], ['LTC', '0', '1.5', '1.5']]);
  });

  it('FULL order response with fills; orderId as a string', () => {
    const o = parseOrder(ORDER_FULL);
    expect([o.orderId, o.clientOrderId, o.symbol, o.side, o.type, o.status, o.timeInForce, o.createdAt, o.updatedAt])
      .toEqual(['28', '6gCrw2kRUAF9CvJDGP16IP', 'BTCUSDT', 'SELL', 'MARKET', 'FILLED', 'GTC', 1507725176595, 1507725176595]);
    expect([o.price, o.quantity, o.executedQuantity, o.cumulativeQuoteQuantity, o.quoteQuantity].map((v) => v.toFixed()))
      .toEqual(['0', '10', '10', '10', '0']);
    expect(o.fills.map((f) => [f.price.toFixed(), f.quantity.toFixed(), f.commission.toFixed(), f.commissionAsset, f.tradeId]))
      .toEqual([['4000', '1', '4', 'USDT', 56]]);
  });

  it('order query', () => {
    const o = parseOrder(ORDER_QUERY);
    expect([o.orderId, o.clientOrderId, o.status, o.price.toFixed(), o.quantity.toFixed(), o.executedQuantity.toFixed(), o.createdAt, o.fills])
      .toEqual(['1', 'myOrder1', 'NEW', '0.1', '1', '0', 1499827319559, []]);
  });

  it('cancel response keeps the order\'s own client id, and does not take the cancel time as the creation time', () => {
    const o = parseOrder(ORDER_CANCEL);
    expect([o.orderId, o.clientOrderId, o.status, o.createdAt, o.updatedAt]).toEqual(['4', 'myOrder1', 'CANCELED', undefined, 1684804350068]);
  });

  it('a malformed payload fails naming the field', () => {
    const bad = (): unknown => parseTicker24hr({ ...TICKER, lastPrice: 4.000002 as unknown as string });
    expect(bad).toThrow(ExchangeError);
    expect(bad).toThrow('Malformed Binance ticker: field lastPrice is 4.000002');
    expect(() => parseOrder({ ...ORDER_QUERY, side: 'HOLD' })).toThrow('Malformed Binance order: field side is "HOLD"');
  });

  it('exchangeInfo: symbols, filters and rate limits', () => {
    const wire = JSON.parse(`{"timezone":"UTC","serverTime":1565246363776,
      "rateLimits":[{"rateLimitType":"REQUEST_WEIGHT","interval":"MINUTE","intervalNum":1,"limit":6000},{"rateLimitType":"ORDERS","interval":"SECOND","intervalNum":10,"limit":50},{"rateLimitType":"BOGUS","interval":"MINUTE","intervalNum":1,"limit":1}],
      "exchangeFilters":[],
      "symbols":[{"symbol":"ETHBTC","status":"TRADING","baseAsset":"ETH","baseAssetPrecision":8,"quoteAsset":"BTC","quotePrecision":8,"quoteAssetPrecision":8,
 "baseCommissionPrecision":8,"quoteCommissionPrecision":8,
 "orderTypes":["LIMIT","LIMIT_MAKER","MARKET","STOP_LOSS","STOP_LOSS_LIMIT","TAKE_PROFIT","TAKE_PROFIT_LIMIT"],
 "icebergAllowed":true,"ocoAllowed":true,"otoAllowed":true,"opoAllowed":true,"quoteOrderQtyMarketAllowed":true,"allowTrailingStop":false,
 "cancelReplaceAllowed":false,"amendAllowed":false,"pegInstructionsAllowed":true,"isSpotTradingAllowed":true,"isMarginTradingAllowed":true,
 "filters":[{"filterType":"PRICE_FILTER","minPrice":"0.00000100","maxPrice":"100000.00000000","tickSize":"0.00000100"},
            {"filterType":"LOT_SIZE","minQty":"0.00100000","maxQty":"100000.00000000","stepSize":"0.00100000"}],
 "permissions":[],"permissionSets":[["SPOT","MARGIN"]],
 "defaultSelfTradePreventionMode":"NONE","allowedSelfTradePreventionModes":["NONE"]}]}`) as WireExchangeInfo;
    const info = parseExchangeInfo(wire);
    expect(info.rateLimits).toEqual([
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 50 },
    ]);
    const eth = info.symbols.get('ETHBTC')!;
    expect([eth.baseAsset, eth.quoteAsset, eth.status, eth.quoteOrderQtyMarketAllowed]).toEqual(['ETH', 'BTC', 'TRADING', true]);
    expect(eth.filters.price?.tickSize.toFixed()).toBe('0.000001');
    expect(eth.filters.lotSize?.minQty.toFixed()).toBe('0.001');
  });
});
