import { afterEach, describe, expect, it } from 'vitest';
import { BinanceConnector } from '../../src/binance/connector.js';
import { parseOrder } from '../../src/binance/parsers.js';
import { orderCells } from '../../src/cli/order-view.js';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/index.js';

// Binance's documented answers (BINANCE_API.md §4): a placement carries transactTime (the moment the
// order was placed) and workingTime; a query carries time and updateTime; a cancel carries only the
// cancel's transactTime.
const PLACED = JSON.parse('{"symbol":"BTCUSDT","orderId":28,"orderListId":-1,"clientOrderId":"6gCrw2kRUAF9CvJDGP16IP","transactTime":1507725176595,"price":"0.00000000","origQty":"10.00000000","executedQty":"10.00000000","origQuoteOrderQty":"0.000000","cummulativeQuoteQty":"10.00000000","status":"FILLED","timeInForce":"GTC","type":"MARKET","side":"SELL","workingTime":1507725176595,"selfTradePreventionMode":"NONE","fills":[]}') as unknown;
const QUERIED = JSON.parse('{"symbol":"LTCBTC","orderId":1,"orderListId":-1,"clientOrderId":"myOrder1","price":"0.1","origQty":"1.0","executedQty":"0.0","cummulativeQuoteQty":"0.0","status":"NEW","timeInForce":"GTC","type":"LIMIT","side":"BUY","stopPrice":"0.0","icebergQty":"0.0","time":1499827319559,"updateTime":1499827319600,"isWorking":true,"workingTime":1499827319559,"origQuoteOrderQty":"0.000000","selfTradePreventionMode":"NONE"}') as unknown;
const CANCELED = JSON.parse('{"symbol":"LTCBTC","origClientOrderId":"myOrder1","orderId":4,"orderListId":-1,"clientOrderId":"cancelMyOrder1","transactTime":1684804350068,"price":"2.00000000","origQty":"1.00000000","executedQty":"0.00000000","origQuoteOrderQty":"0.000000","cummulativeQuoteQty":"0.00000000","status":"CANCELED","timeInForce":"GTC","type":"LIMIT","side":"BUY","selfTradePreventionMode":"NONE"}') as unknown;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('createdAt is when the order was placed, never a cancel time', () => {
  it('reads the creation time of a placement and a query, and none from a cancel answer', () => {
    expect([parseOrder(PLACED).createdAt, parseOrder(PLACED).updatedAt]).toEqual([1507725176595, 1507725176595]);
    expect([parseOrder(QUERIED).createdAt, parseOrder(QUERIED).updatedAt]).toEqual([1499827319559, 1499827319600]);
    const canceled = parseOrder(CANCELED);
    expect(canceled.createdAt).toBeUndefined();
    expect(canceled.updatedAt).toBe(1684804350068);
  });

  it('shows no creation time in the CLI row of a cancel answer instead of the cancel time', () => {
    expect(orderCells(parseOrder(CANCELED)).at(-1)).toBe('-');
    expect(orderCells(parseOrder(QUERIED)).at(-1)).toBe('2017-07-12T02:41:59.559Z');
  });

  it('keeps the creation time a placement reported when the order is cancelled later (simulator)', async () => {
    const sim: SimulatorHandle = await startSimulator({ port: 0 });
    cleanups.push(() => sim.close());
    const connector = new BinanceConnector({ environment: 'sim', restUrl: sim.restUrl, ...sim.accounts[0]! });
    cleanups.push(() => connector.disconnect());
    await connector.connect();
    const ticker = await connector.getTicker('BTCUSDT');
    const price = ticker.lastPrice.times(0.5).round(2).toFixed();
    const placed = await connector.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '0.001', price });
    const canceled = await connector.cancelOrder(placed.orderId, 'BTCUSDT');
    expect(canceled.status).toBe('CANCELED');
    expect(canceled.createdAt).toBeUndefined();
    expect((await connector.getOrder(placed.orderId, 'BTCUSDT')).createdAt).toBe(placed.createdAt);
  });
});
