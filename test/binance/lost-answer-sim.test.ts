import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BinanceConnector } from '../../src/binance/connector.js';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/index.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * A proxy in front of the simulator that forwards every request unchanged, and answers the
 * endpoints in `truncate` with the first half of the simulator's 200 body: the order is executed,
 * its answer cannot be read.
 */
async function truncatingProxy(target: string, truncate: ReadonlySet<string>): Promise<{ url: string; truncated: () => number }> {
  let truncated = 0;
  const server: Server = createServer((incoming, res) => {
    const upstream = request(new URL(incoming.url ?? '/', target), { method: incoming.method, headers: incoming.headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const body = Buffer.concat(chunks);
        const path = (incoming.url ?? '/').split('?')[0]!;
        const cut = answer.statusCode === 200 && truncate.has(`${incoming.method} ${path}`);
        if (cut) truncated += 1;
        const sent = cut ? body.subarray(0, Math.floor(body.length / 2)) : body;
        res.writeHead(answer.statusCode ?? 502, { 'content-type': 'application/json', 'content-length': String(sent.length) });
        res.end(sent);
      });
    });
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  }));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, truncated: () => truncated };
}

async function connect(sim: SimulatorHandle, restUrl: string): Promise<BinanceConnector> {
  const account = sim.accounts[0]!;
  const c = new BinanceConnector({ environment: 'sim', restUrl, apiKey: account.apiKey, apiSecret: account.apiSecret, reconcileDelaysMs: [20, 50, 100] });
  cleanups.push(() => c.disconnect());
  await c.connect();
  return c;
}

describe('lost answers against the simulator', () => {
  it('resolves a truncated placement answer by client order id: the order exists once and is returned', async () => {
    const sim = await startSimulator({ port: 0, seed: 5 });
    cleanups.push(() => sim.close());
    const proxy = await truncatingProxy(sim.restUrl, new Set(['POST /api/v3/order']));
    const c = await connect(sim, proxy.url);
    const order = await c.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001', clientOrderId: 'trunc-1' });
    expect([order.clientOrderId, order.status, order.quantity.toFixed()]).toEqual(['trunc-1', 'FILLED', '0.001']);
    expect(proxy.truncated()).toBe(1);
    expect(c.metrics().reconciliations).toBe(1);
    const all = await c.getAllOrders('BTCUSDT');
    expect(all.filter((o) => o.clientOrderId === 'trunc-1')).toHaveLength(1);
  });

  it('resolves a truncated cancel answer by reading the order, which the simulator holds canceled', async () => {
    const sim = await startSimulator({ port: 0, seed: 5 });
    cleanups.push(() => sim.close());
    const proxy = await truncatingProxy(sim.restUrl, new Set(['DELETE /api/v3/order']));
    const c = await connect(sim, proxy.url);
    const ticker = await c.getTicker('BTCUSDT');
    const price = ticker.lastPrice.times('0.9').round(2, 0).toFixed();
    const placed = await c.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '0.001', price });
    const canceled = await c.cancelOrder(placed.orderId, 'BTCUSDT');
    expect([canceled.orderId, canceled.status, canceled.clientOrderId]).toEqual([placed.orderId, 'CANCELED', placed.clientOrderId]);
    expect(proxy.truncated()).toBe(1);
  });
});
