import { Spot, SpotRestAPI, SpotWebsocketAPI } from '@binance/spot';
import { MainClient, WebsocketAPIClient } from 'binance';
import type ccxt from 'ccxt';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { DEMO_API_KEY, DEMO_API_SECRET } from '../../../src/simulator/index.js';
import { at, connectCcxt, startClientSim, type Body, type ClientSim } from './client-support.js';

/**
 * Changing and replacing orders with ccxt (`editOrder`, which is cancel-replace on Binance spot),
 * the official `@binance/spot` (`orderCancelReplace`, `orderAmendKeepPriority`, over REST and its
 * WebSocket API) and the `binance` SDK (`replaceOrder`; amending over its WebsocketAPIClient, since
 * its MainClient's `amendOrderKeepPriority` posts to the futures path `fapi/v1/...`), each
 * unchanged but for its URLs and the simulator's keys.
 */

let env: ClientSim;

beforeEach(async () => {
  env = await startClientSim(13);
});
afterEach(async () => {
  await env.sim.close();
});

/** A SELL LIMIT well above the market, so it rests; placed with the simulator's own request. */
async function restingSell(quantity: string, price: number, clientId: string): Promise<number> {
  const placed = await env.send('POST', '/api/v3/order', {
    symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', quantity, price: at(price), newClientOrderId: clientId,
  }) as Body;
  return placed.orderId as number;
}

const status = async (orderId: number | bigint | string): Promise<Body> =>
  await env.send('GET', '/api/v3/order', { symbol: 'BTCUSDT', orderId: String(orderId) }) as Body;

describe('ccxt', () => {
  let exchange: InstanceType<typeof ccxt.binance>;
  beforeEach(async () => {
    exchange = await connectCcxt(env.sim.restUrl);
  });
  afterEach(async () => {
    await exchange.close();
  });

  test('editOrder cancels the order and places the new one, answering the new order', async () => {
    const price = (await env.last()) * 1.05;
    const old = await restingSell('0.002', price, 'ccxt-old');
    const edited = await exchange.editOrder(String(old), 'BTC/USDT', 'limit', 'sell', 0.003, Number(at(price + 10)));
    expect([edited.status, edited.amount, edited.price, edited.side]).toEqual(['open', 0.003, Number(at(price + 10)), 'sell']);
    expect((await status(old)).status).toBe('CANCELED');
    expect((await status(edited.id!)).status).toBe('NEW');
  });

  test('editOrder of an order that is not there fails with Binance\'s -2022 answer', async () => {
    await expect(exchange.editOrder('424242', 'BTC/USDT', 'limit', 'sell', 0.003, Number(at(200_000)))).rejects.toThrow(/-2022/);
  });
});

describe('@binance/spot', () => {
  const spot = (): Spot => new Spot({
    configurationRestAPI: { apiKey: DEMO_API_KEY, apiSecret: DEMO_API_SECRET, basePath: env.sim.restUrl },
    configurationWebsocketAPI: { apiKey: DEMO_API_KEY, apiSecret: DEMO_API_SECRET, wsURL: env.sim.wsApiUrl },
  });

  test('orderAmendKeepPriority and orderCancelReplace over REST, a partial outcome as its 409 error', async () => {
    const client = spot();
    const price = (await env.last()) * 1.05;
    const old = await restingSell('0.005', price, 'spot-old');
    const amended = await (await client.restAPI.orderAmendKeepPriority({ symbol: 'BTCUSDT', orderId: old, newQty: 0.002, newClientOrderId: 'spot-old' })).data();
    expect([amended.amendedOrder?.qty, amended.amendedOrder?.clientOrderId, amended.amendedOrder?.origClientOrderId]).toEqual(['0.00200000', 'spot-old', 'spot-old']);
    const replaced = await (await client.restAPI.orderCancelReplace({
      symbol: 'BTCUSDT', cancelReplaceMode: SpotRestAPI.OrderCancelReplaceCancelReplaceModeEnum.STOP_ON_FAILURE, cancelOrderId: old,
      side: SpotRestAPI.OrderCancelReplaceSideEnum.SELL, type: SpotRestAPI.OrderCancelReplaceTypeEnum.LIMIT,
      timeInForce: SpotRestAPI.OrderCancelReplaceTimeInForceEnum.GTC, quantity: 0.002, price: Number(at(price + 5)), newClientOrderId: 'spot-new',
    })).data();
    expect([replaced.cancelResult, replaced.newOrderResult, replaced.cancelResponse?.status, replaced.newOrderResponse?.clientOrderId])
      .toEqual(['SUCCESS', 'SUCCESS', 'CANCELED', 'spot-new']);
    await expect(client.restAPI.orderCancelReplace({
      symbol: 'BTCUSDT', cancelReplaceMode: SpotRestAPI.OrderCancelReplaceCancelReplaceModeEnum.ALLOW_FAILURE, cancelOrderId: 424242,
      side: SpotRestAPI.OrderCancelReplaceSideEnum.SELL, type: SpotRestAPI.OrderCancelReplaceTypeEnum.LIMIT,
      timeInForce: SpotRestAPI.OrderCancelReplaceTimeInForceEnum.GTC, quantity: 0.002, price: Number(at(price + 6)),
    })).rejects.toMatchObject({ code: -2021, message: 'Order cancel-replace partially failed.' });
  });

  test('orderAmendKeepPriority and orderCancelReplace over its WebSocket API', async () => {
    const connection = await spot().websocketAPI.connect();
    try {
      const price = (await env.last()) * 1.05;
      const old = await restingSell('0.004', price, 'spot-ws-old');
      const amended = (await connection.orderAmendKeepPriority({ symbol: 'BTCUSDT', orderId: old, newQty: 0.001 })).data;
      expect(amended.amendedOrder?.qty).toBe('0.00100000');
      const replaced = (await connection.orderCancelReplace({
        symbol: 'BTCUSDT', cancelReplaceMode: SpotWebsocketAPI.OrderCancelReplaceCancelReplaceModeEnum.STOP_ON_FAILURE, cancelOrderId: old,
        side: SpotWebsocketAPI.OrderCancelReplaceSideEnum.SELL, type: SpotWebsocketAPI.OrderCancelReplaceTypeEnum.LIMIT_MAKER,
        quantity: 0.002, price: Number(at(price + 5)),
      })).data;
      expect([replaced.cancelResult, replaced.newOrderResult]).toEqual(['SUCCESS', 'SUCCESS']);
      expect((await status(old)).status).toBe('CANCELED');
    } finally {
      await connection.disconnect();
    }
  });
});

describe('binance SDK', () => {
  /** The SDK's logger without its info lines (connection notices), errors still shown. */
  const quiet = { trace: (): void => undefined, info: (): void => undefined, error: (...params: unknown[]): void => console.error(...params) };

  test('MainClient.replaceOrder, and amending and replacing over its WebsocketAPIClient', async () => {
    const client = new MainClient({ api_key: DEMO_API_KEY, api_secret: DEMO_API_SECRET, baseUrl: env.sim.restUrl, disableTimeSync: true });
    const price = (await env.last()) * 1.05;
    const old = await restingSell('0.003', price, 'sdk-old');
    const replaced = await client.replaceOrder({
      symbol: 'BTCUSDT', cancelReplaceMode: 'STOP_ON_FAILURE', cancelOrderId: old, side: 'SELL', type: 'LIMIT', timeInForce: 'GTC',
      quantity: 0.004, price: Number(at(price + 5)), newOrderRespType: 'FULL',
    });
    expect([replaced.cancelResult, replaced.newOrderResult, replaced.cancelResponse.status]).toEqual(['SUCCESS', 'SUCCESS', 'CANCELED']);
    const newId = replaced.newOrderResponse.orderId;
    // The SDK appends Binance's path (/ws-api/v3) to `wsUrl`, so it takes the simulator's origin.
    const ws = new WebsocketAPIClient({ api_key: DEMO_API_KEY, api_secret: DEMO_API_SECRET, wsUrl: new URL(env.sim.wsApiUrl).origin }, quiet);
    try {
      const amended = (await ws.amendSpotOrderKeepPriority({ symbol: 'BTCUSDT', orderId: newId, newQty: '0.001', timestamp: Date.now() })).result;
      expect([amended.amendedOrder.orderId, amended.amendedOrder.qty]).toEqual([newId, '0.00100000']);
      const again = (await ws.cancelReplaceSpotOrder({
        symbol: 'BTCUSDT', cancelReplaceMode: 'STOP_ON_FAILURE', cancelOrderId: newId, side: 'SELL', type: 'LIMIT', timeInForce: 'GTC',
        quantity: '0.002', price: at(price + 6), timestamp: Date.now(),
      })).result;
      expect([again.cancelResult, again.newOrderResult]).toEqual(['SUCCESS', 'SUCCESS']);
    } finally {
      await ws.disconnectAll();
    }
  });
});
