import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { BinanceConnector } from '../../src/binance/connector.js';
import type { SymbolInfo } from '../../src/binance/exchange-info.js';
import { parseSymbolFilters } from '../../src/binance/filters.js';
import { prepareOrderList } from '../../src/binance/order-list-request.js';
import { parseOrderList, parseOrderLists } from '../../src/binance/parsers.js';
import { parseListStatus } from '../../src/binance/streams/stream-parsers.js';
import { InvalidArgumentError, InvalidOrderError, OrderStatusUnknownError } from '../../src/core/errors.js';
import type { OrderListRequest } from '../../src/core/models.js';
import { LIST_LEVEL_ORDER_OPTIONS } from '../../src/spec/binance/order-options.js';
import { rejectionOf } from './support/rejection.js';
import { startLocalExchange, wireOrder, type LocalExchange, type RecordedRequest, type Reply } from './support/local-exchange.js';

/**
 * Order lists against Binance's own documents (`test/spec/fixtures/order-lists.md`): the
 * parameters each list sends are ones its endpoint documents, with every mandatory one; the
 * documented answers and the `listStatus` event parse; a lost placement answer is resolved by
 * reading the list back, never by sending it again.
 */

const DOC = readFileSync(new URL('../spec/fixtures/order-lists.md', import.meta.url), 'utf8');

/** The section of the excerpt under a `####`/`###` heading. */
function section(title: string): string {
  const start = DOC.indexOf(`${title}\n`);
  if (start < 0) throw new Error(`no section ${title}`);
  const next = DOC.slice(start + title.length).search(/\n#{1,4} /);
  return next < 0 ? DOC.slice(start) : DOC.slice(start, start + title.length + next);
}

/** The parameter table of a section: name → mandatory. */
function documentedParams(title: string): Map<string, boolean> {
  const body = section(title);
  const table = body.slice(body.indexOf('**Parameters:**'));
  const params = new Map<string, boolean>();
  for (const line of table.split('\n').slice(1)) {
    if (line.startsWith('**')) break;
    const cells = line.split('|').map((c) => c.trim()).filter((c, i, all) => !(c === '' && (i === 0 || i === all.length - 1)));
    if (cells.length < 3 || /^-+$/.test(cells[0]!) || cells[0] === 'Name') continue;
    params.set(cells[0]!, /^yes$/i.test(cells[2]!));
  }
  return params;
}

/** The JSON examples of a section, comments removed. */
function examples(title: string): unknown[] {
  const blocks = section(title).split('```javascript').slice(1).map((b) => b.slice(0, b.indexOf('```')));
  return blocks.map((b) => JSON.parse(b.replace(/\/\/.*$/gm, '')) as unknown);
}

const RANDOM = (): number => 0.5;

const OCO: OrderListRequest = {
  type: 'OCO', symbol: 'BTCUSDT', side: 'SELL', quantity: '0.01', listClientOrderId: 'oco-1',
  above: { type: 'LIMIT_MAKER', price: '55000', clientOrderId: 'tp-1' },
  below: { type: 'STOP_LOSS_LIMIT', stopPrice: '47000', price: '46900', clientOrderId: 'sl-1' },
};

const OTOCO: OrderListRequest = {
  type: 'OTOCO', symbol: 'BTCUSDT', listClientOrderId: 'otoco-1',
  working: { type: 'LIMIT', side: 'BUY', quantity: '0.01', price: '50000', clientOrderId: 'w-1' },
  pendingSide: 'SELL', pendingQuantity: '0.01',
  pendingAbove: { type: 'TAKE_PROFIT', stopPrice: '55000' },
  pendingBelow: { type: 'STOP_LOSS', trailingDelta: 200 },
};

const OTO: OrderListRequest = {
  type: 'OTO', symbol: 'btcusdt', listClientOrderId: 'list-1',
  working: { type: 'LIMIT', side: 'BUY', quantity: '0.01', price: '50000', clientOrderId: 'work-1' },
  pending: { type: 'LIMIT_MAKER', side: 'SELL', quantity: '0.01', price: '52000', clientOrderId: 'pend-1' },
};

const OPO: OrderListRequest = {
  type: 'OPO', symbol: 'BTCUSDT', listClientOrderId: 'opo-1',
  working: { type: 'LIMIT', side: 'BUY', quantity: '0.01', price: '50000', clientOrderId: 'w-1' },
  pending: { type: 'LIMIT_MAKER', price: '52000', clientOrderId: 'p-1' },
};

const OPOCO: OrderListRequest = {
  type: 'OPOCO', symbol: 'BTCUSDT', listClientOrderId: 'opoco-1',
  working: { type: 'LIMIT', side: 'BUY', quantity: '0.01', price: '50000', clientOrderId: 'w-1' },
  pendingAbove: { type: 'LIMIT_MAKER', price: '55000' },
  pendingBelow: { type: 'STOP_LOSS_LIMIT', stopPrice: '47000', price: '46900' },
};

/** BTCUSDT as exchangeInfo describes it with every list allowed and no filters. */
const BTCUSDT: SymbolInfo = {
  symbol: 'BTCUSDT', status: 'TRADING', baseAsset: 'BTC', quoteAsset: 'USDT', baseAssetPrecision: 8, quoteAssetPrecision: 8,
  orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT'],
  quoteOrderQtyMarketAllowed: true, allowTrailingStop: true, ocoAllowed: true, otoAllowed: true, opoAllowed: true,
  icebergAllowed: true, pegInstructionsAllowed: true, allowedSelfTradePreventionModes: undefined, defaultSelfTradePreventionMode: undefined,
  filters: parseSymbolFilters([]),
};

describe('order list requests against the documented parameters', () => {
  it.each([
    ['OCO', '#### New Order list - OCO (TRADE)', OCO],
    ['OCO of a take-profit and a trailing stop-loss', '#### New Order list - OCO (TRADE)', {
      ...OCO, above: { type: 'TAKE_PROFIT_LIMIT', stopPrice: '54000', price: '54100', timeInForce: 'GTC' }, below: { type: 'STOP_LOSS', stopPrice: '47000', trailingDelta: 100 },
    } satisfies OrderListRequest],
    ['OTOCO', '#### New Order list - OTOCO (TRADE)', OTOCO],
    ['OTO with a trailing stop pending', '#### New Order list - OTO (TRADE)', {
      ...OTO, pending: { type: 'STOP_LOSS_LIMIT', side: 'SELL', quantity: '0.01', price: '46900', trailingDelta: 150 },
    } satisfies OrderListRequest],
    ['OTO', '#### New Order list - OTO (TRADE)', OTO],
    ['OTO with a MARKET pending order', '#### New Order list - OTO (TRADE)', {
      ...OTO, pending: { type: 'MARKET', side: 'SELL', quantity: '0.01' },
    } satisfies OrderListRequest],
    ['OTO with a LIMIT_MAKER working order', '#### New Order list - OTO (TRADE)', {
      ...OTO, working: { type: 'LIMIT_MAKER', side: 'BUY', quantity: '0.01', price: '50000' },
    } satisfies OrderListRequest],
    ['OPO', '#### New Order List - OPO (TRADE)', OPO],
    ['OPO with a MARKET pending order', '#### New Order List - OPO (TRADE)', { ...OPO, pending: { type: 'MARKET' } } satisfies OrderListRequest],
    ['OPO with a trailing stop pending', '#### New Order List - OPO (TRADE)', {
      ...OPO, pending: { type: 'STOP_LOSS_LIMIT', price: '46900', trailingDelta: 150 },
    } satisfies OrderListRequest],
    ['OPOCO', '#### New Order List - OPOCO (TRADE)', OPOCO],
  ])('%s sends only parameters its endpoint documents, every mandatory one among them', (_name, title, request) => {
    const documented = documentedParams(title);
    const prepared = prepareOrderList(request, undefined, RANDOM);
    const sent = prepared.params.filter(([, v]) => v !== undefined).map(([name]) => name);
    for (const name of sent) expect(documented.has(name), `${name} is not a documented parameter`).toBe(true);
    const mandatory = [...documented].filter(([name, yes]) => yes && name !== 'timestamp').map(([name]) => name);
    for (const name of mandatory) expect(sent, `mandatory ${name} missing`).toContain(name);
    expect(new Set(sent).size).toBe(sent.length);
  });

  it('sends an OTO as Binance names its parameters, with every client id set', () => {
    const prepared = prepareOrderList(OTO, undefined, RANDOM);
    expect(prepared.path).toBe('/api/v3/orderList/oto');
    expect(prepared.params.filter(([, v]) => v !== undefined)).toEqual([
      ['symbol', 'BTCUSDT'], ['listClientOrderId', 'list-1'],
      ['workingSide', 'BUY'], ['workingType', 'LIMIT'], ['workingTimeInForce', 'GTC'], ['workingQuantity', '0.01'], ['workingPrice', '50000'],
      ['workingClientOrderId', 'work-1'],
      ['pendingSide', 'SELL'], ['pendingType', 'LIMIT_MAKER'], ['pendingQuantity', '0.01'], ['pendingPrice', '52000'], ['pendingClientOrderId', 'pend-1'],
      ['newOrderRespType', 'FULL'],
    ]);
  });

  it('sends an OPO without a pending quantity: the pending SELL sells what the working BUY receives', () => {
    const prepared = prepareOrderList(OPO, undefined, RANDOM);
    expect(prepared.path).toBe('/api/v3/orderList/opo');
    expect(prepared.params.filter(([, v]) => v !== undefined)).toEqual([
      ['symbol', 'BTCUSDT'], ['listClientOrderId', 'opo-1'],
      ['workingSide', 'BUY'], ['workingType', 'LIMIT'], ['workingTimeInForce', 'GTC'], ['workingQuantity', '0.01'], ['workingPrice', '50000'],
      ['workingClientOrderId', 'w-1'],
      ['pendingSide', 'SELL'], ['pendingType', 'LIMIT_MAKER'], ['pendingPrice', '52000'], ['pendingClientOrderId', 'p-1'],
      ['newOrderRespType', 'FULL'],
    ]);
  });

  it('sends an OPOCO with its pair on the SELL side and no pending quantity', () => {
    const prepared = prepareOrderList(OPOCO, undefined, RANDOM);
    expect(prepared.path).toBe('/api/v3/orderList/opoco');
    const sent = prepared.params.filter(([, v]) => v !== undefined).map(([name]) => name);
    expect(sent.filter((name) => /Quantity$/.test(name))).toEqual(['workingQuantity']);
    expect(prepared.params.find(([name]) => name === 'pendingSide')).toEqual(['pendingSide', 'SELL']);
  });

  it.each([
    ['OPO', 'opoAllowed'], ['OPOCO', 'opoAllowed'], ['OPOCO', 'ocoAllowed'], ['OPO', 'otoAllowed'],
  ] as const)('refuses an %s where exchangeInfo says %s is false, before any request', (type, flag) => {
    let error: unknown;
    try {
      prepareOrderList(type === 'OPO' ? OPO : OPOCO, { ...BTCUSDT, [flag]: false }, RANDOM);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidOrderError);
    expect([(error as InvalidOrderError).field, (error as InvalidOrderError).rule]).toEqual(['type', 'ORDER_LIST']);
    expect((error as Error).message).toContain(`(${flag} is false)`);
  });

  it('places an OPO where every flag allows it', () => {
    expect(prepareOrderList(OPOCO, BTCUSDT, RANDOM).type).toBe('OPOCO');
  });

  it('sends an OCO with the pair\'s side and quantity once and each order\'s own fields under its prefix', () => {
    const prepared = prepareOrderList(OCO, undefined, RANDOM);
    expect(prepared.path).toBe('/api/v3/orderList/oco');
    expect(prepared.params.filter(([, v]) => v !== undefined)).toEqual([
      ['symbol', 'BTCUSDT'], ['listClientOrderId', 'oco-1'], ['side', 'SELL'], ['quantity', '0.01'],
      ['aboveType', 'LIMIT_MAKER'], ['abovePrice', '55000'], ['aboveClientOrderId', 'tp-1'],
      ['belowType', 'STOP_LOSS_LIMIT'], ['belowTimeInForce', 'GTC'], ['belowPrice', '46900'], ['belowStopPrice', '47000'], ['belowClientOrderId', 'sl-1'],
      ['newOrderRespType', 'FULL'],
    ]);
  });

  it('generates a list client id and a client id for each order when none is given', () => {
    const { working, pending, ...rest } = OTO;
    const request: OrderListRequest = {
      ...rest, listClientOrderId: undefined as never,
      working: { type: 'LIMIT', side: working.side, quantity: working.quantity, price: '50000' },
      pending: { type: 'MARKET', side: pending.side, quantity: pending.quantity },
    };
    delete (request as { listClientOrderId?: string }).listClientOrderId;
    const prepared = prepareOrderList(request, undefined, Math.random);
    const ids = prepared.params.filter(([name]) => /ClientOrderId$/.test(name)).map(([, v]) => v);
    expect(ids).toHaveLength(3);
    for (const id of ids) expect(id).toMatch(/^[.A-Z:/a-z0-9_-]{1,36}$/);
    expect(new Set(ids).size).toBe(3);
  });

  it.each([
    ['a working order without a price', { ...OTO, working: { type: 'LIMIT', side: 'BUY', quantity: '0.01' } }, 'working.price'],
    ['an OCO stop without a trigger', { ...OCO, below: { type: 'STOP_LOSS' } }, 'below.stopPrice'],
    ['an OCO stop-limit without a price', { ...OCO, below: { type: 'STOP_LOSS_LIMIT', stopPrice: '47000' } }, 'below.price'],
    ['an OTOCO leg with a bad trailing delta', { ...OTOCO, pendingBelow: { type: 'STOP_LOSS', trailingDelta: 1.5 } }, 'pendingBelow.trailingDelta'],
    ['an OCO without its below order', { ...OCO, below: undefined }, 'below'],
    ['a pending order with a zero quantity', { ...OTO, pending: { type: 'MARKET', side: 'SELL', quantity: '0' } }, 'pending.quantity'],
    ['a pending quote-quantity MARKET order', { ...OTO, pending: { type: 'MARKET', side: 'SELL', quoteQuantity: '100' } }, 'pending.quoteQuantity'],
    ['a list type Binance does not have', { ...OTO, type: 'OCOCO' }, 'type'],
    ['a bad list client id', { ...OTO, listClientOrderId: 'has space' }, 'listClientOrderId'],
    ['an OPO whose working order sells', { ...OPO, working: { type: 'LIMIT', side: 'SELL', quantity: '0.01', price: '50000' } }, 'working.side'],
    ['an OPO pending quote-quantity MARKET order', { ...OPO, pending: { type: 'MARKET', quoteQuantity: '100' } }, 'pending.quoteQuantity'],
    ['an OPOCO stop without a trigger', { ...OPOCO, pendingBelow: { type: 'STOP_LOSS' } }, 'pendingBelow.stopPrice'],
  ])('refuses %s with an InvalidOrderError naming the order and field', (_name, request, field) => {
    let error: unknown;
    try {
      prepareOrderList(request as unknown as OrderListRequest, undefined, RANDOM);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidOrderError);
    expect((error as InvalidOrderError).field).toBe(field);
  });
});

/** Every option Binance documents for an order of a list, in the shape each type takes. */
const LIMIT_OPTIONS = { icebergQuantity: '0.002', strategyId: 7, strategyType: 1_000_000, pegPriceType: 'PRIMARY_PEG', pegOffsetType: 'PRICE_LEVEL', pegOffsetValue: 1 } as const;
const LABELS = { strategyId: 8, strategyType: 1_000_001 } as const;

describe('order list options: per order under its prefix, self-trade prevention once for the list', () => {
  const withOptions: [string, string, OrderListRequest][] = [
    ['OCO', '#### New Order list - OCO (TRADE)', {
      ...OCO, selfTradePreventionMode: 'EXPIRE_BOTH',
      above: { type: 'LIMIT_MAKER', price: '55000', ...LIMIT_OPTIONS },
      below: { type: 'STOP_LOSS_LIMIT', stopPrice: '47000', timeInForce: 'GTC', ...LIMIT_OPTIONS },
    }],
    ['OTO', '#### New Order list - OTO (TRADE)', {
      ...OTO, selfTradePreventionMode: 'EXPIRE_MAKER',
      working: { type: 'LIMIT', side: 'BUY', quantity: '0.01', ...LIMIT_OPTIONS },
      pending: { type: 'TAKE_PROFIT_LIMIT', side: 'SELL', quantity: '0.01', stopPrice: '52000', ...LIMIT_OPTIONS },
    }],
    ['OTOCO', '#### New Order list - OTOCO (TRADE)', {
      ...OTOCO, selfTradePreventionMode: 'DECREMENT',
      working: { type: 'LIMIT_MAKER', side: 'BUY', quantity: '0.01', ...LIMIT_OPTIONS },
      pendingAbove: { type: 'LIMIT_MAKER', price: '55000', ...LIMIT_OPTIONS },
      pendingBelow: { type: 'STOP_LOSS', stopPrice: '47000', ...LABELS },
    }],
    ['OPO', '#### New Order List - OPO (TRADE)', {
      ...OPO, selfTradePreventionMode: 'EXPIRE_TAKER',
      working: { type: 'LIMIT', side: 'BUY', quantity: '0.01', ...LIMIT_OPTIONS },
      pending: { type: 'LIMIT_MAKER', ...LIMIT_OPTIONS },
    }],
    ['OPOCO', '#### New Order List - OPOCO (TRADE)', {
      ...OPOCO, selfTradePreventionMode: 'NONE',
      working: { type: 'LIMIT', side: 'BUY', quantity: '0.01', price: '50000', ...LABELS },
      pendingAbove: { type: 'TAKE_PROFIT_LIMIT', stopPrice: '55000', ...LIMIT_OPTIONS },
      pendingBelow: { type: 'STOP_LOSS_LIMIT', stopPrice: '47000', price: '46900', ...LIMIT_OPTIONS },
    }],
  ];

  it.each(withOptions)('an %s with every option on its orders sends only documented parameters, each once', (_name, title, request) => {
    const documented = documentedParams(title);
    const sent = prepareOrderList(request, BTCUSDT, RANDOM).params.filter(([, v]) => v !== undefined).map(([name]) => name);
    for (const name of sent) expect(documented.has(name), `${name} is not a documented parameter`).toBe(true);
    expect(new Set(sent).size).toBe(sent.length);
    expect(sent.filter((name) => /SelfTradePreventionMode$|^selfTradePreventionMode$/i.test(name))).toEqual(['selfTradePreventionMode']);
  });

  it.each(withOptions.map(([name, title]) => [name, title]))('the %s endpoint takes selfTradePreventionMode once for the list and under no order\'s prefix', (_name, title) => {
    const names = [...documentedParams(title).keys()];
    expect(names.filter((name) => /selftradepreventionmode$/i.test(name))).toEqual([...LIST_LEVEL_ORDER_OPTIONS]);
  });

  it('sends each order\'s iceberg, peg and strategy labels under its prefix and the list\'s STP once', () => {
    const request = withOptions[2]![2];
    const params = new Map(prepareOrderList(request, BTCUSDT, RANDOM).params.filter(([, v]) => v !== undefined));
    const options = [...params].filter(([name]) => /IcebergQty|Strategy|Peg|SelfTrade/i.test(name));
    expect(options).toEqual([
      ['workingStrategyId', '7'], ['workingStrategyType', '1000000'], ['workingIcebergQty', '0.002'],
      ['workingPegPriceType', 'PRIMARY_PEG'], ['workingPegOffsetValue', '1'], ['workingPegOffsetType', 'PRICE_LEVEL'],
      ['pendingAboveStrategyId', '7'], ['pendingAboveStrategyType', '1000000'], ['pendingAboveIcebergQty', '0.002'],
      ['pendingAbovePegPriceType', 'PRIMARY_PEG'], ['pendingAbovePegOffsetValue', '1'], ['pendingAbovePegOffsetType', 'PRICE_LEVEL'],
      ['pendingBelowStrategyId', '8'], ['pendingBelowStrategyType', '1000001'],
      ['selfTradePreventionMode', 'DECREMENT'],
    ]);
    expect(params.has('workingPrice')).toBe(false);
  });

  /** The InvalidOrderError `prepareOrderList` throws, as [field, rule]. */
  function refusal(request: unknown, info: SymbolInfo | undefined = BTCUSDT): [string | undefined, string | undefined] {
    try {
      prepareOrderList(request as OrderListRequest, info, RANDOM);
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidOrderError);
      return [(error as InvalidOrderError).field, (error as InvalidOrderError).rule];
    }
    throw new Error('not refused');
  }

  it.each([
    ['working', { ...OTO, working: { ...OTO.working, selfTradePreventionMode: 'EXPIRE_TAKER' } }],
    ['pending', { ...OPO, pending: { ...OPO.pending, selfTradePreventionMode: 'EXPIRE_TAKER' } }],
    ['above', { ...OCO, above: { ...OCO.above, selfTradePreventionMode: 'NONE' } }],
    ['pendingBelow', { ...OPOCO, pendingBelow: { ...OPOCO.pendingBelow, selfTradePreventionMode: 'DECREMENT' } }],
  ])('refuses self-trade prevention on the %s order, which Binance takes only for the whole list', (leg, request) => {
    expect(refusal(request)).toEqual([`${leg}.selfTradePreventionMode`, 'NOT_ALLOWED']);
  });

  it.each([
    ['an iceberg with IOC', { ...OTO, working: { ...OTO.working, timeInForce: 'IOC', icebergQuantity: '0.001' } }, ['working.icebergQuantity', 'ICEBERG_TIME_IN_FORCE']],
    ['an iceberg on a STOP_LOSS', { ...OCO, below: { type: 'STOP_LOSS', stopPrice: '47000', icebergQuantity: '0.001' } }, ['below.icebergQuantity', 'NOT_ALLOWED']],
    ['an iceberg as large as the order', { ...OPOCO, pendingAbove: { type: 'LIMIT_MAKER', price: '55000', icebergQuantity: '0.01' } }, ['pendingAbove.icebergQuantity', 'ICEBERG_QUANTITY']],
    ['a MARKET_PEG LIMIT_MAKER', { ...OPO, pending: { type: 'LIMIT_MAKER', pegPriceType: 'MARKET_PEG' } }, ['pending.pegPriceType', 'PEG_TYPE']],
    ['a strategy type below 1000000', { ...OTOCO, pendingAbove: { type: 'TAKE_PROFIT', stopPrice: '55000', strategyType: 5 } }, ['pendingAbove.strategyType', 'INTEGER']],
    ['a list STP mode Binance does not have', { ...OTO, selfTradePreventionMode: 'EXPIRE_ALL' }, ['selfTradePreventionMode', 'ENUM']],
  ])('refuses %s as placeOrder does, naming the order', (_name, request, expected) => {
    expect(refusal(request)).toEqual(expected);
  });

  it.each([
    ['icebergs', { ...BTCUSDT, icebergAllowed: false }, { ...OTO, pending: { ...OTO.pending, icebergQuantity: '0.001' } }, ['pending.icebergQuantity', 'ICEBERG']],
    ['pegs', { ...BTCUSDT, pegInstructionsAllowed: false }, { ...OCO, above: { type: 'LIMIT_MAKER', pegPriceType: 'PRIMARY_PEG' } }, ['above.pegPriceType', 'PEG']],
    ['the STP mode', { ...BTCUSDT, allowedSelfTradePreventionModes: ['NONE', 'EXPIRE_TAKER'] }, { ...OTOCO, selfTradePreventionMode: 'EXPIRE_MAKER' }, ['selfTradePreventionMode', 'STP_MODE']],
  ] as const)('refuses %s the symbol does not allow', (_name, info, request, expected) => {
    expect(refusal(request, info as SymbolInfo)).toEqual(expected);
  });
});

describe('order list answers and events as Binance documents them', () => {
  it.each([
    ['#### New Order list - OCO (TRADE)', 'OCO', 2],
    ['#### New Order list - OTO (TRADE)', 'OTO', 2],
    ['#### New Order list - OTOCO (TRADE)', 'OTO', 3],
    ['#### New Order List - OPO (TRADE)', 'OTO', 2],
    ['#### New Order List - OPOCO (TRADE)', 'OTO', 3],
    ['#### Cancel Order list (TRADE)', 'OCO', 2],
  ])('reads the answer of %s with the state of each order', (title, contingency, count) => {
    const [wire] = examples(title) as Record<string, unknown>[];
    const list = parseOrderList(wire);
    expect(list.contingencyType).toBe(contingency);
    expect(list.orderListId).toBe(String(wire!.orderListId));
    expect(list.listClientOrderId).toBe(wire!.listClientOrderId);
    expect(list.createdAt).toBe(wire!.transactionTime);
    expect(list.orders).toHaveLength(count);
    const reports = wire!.orderReports as Record<string, unknown>[];
    for (const entry of list.orders) {
      const report = reports.find((r) => String(r.orderId) === entry.orderId)!;
      expect(entry.order?.status).toBe(report.status);
      expect(entry.order?.orderListId).toBe(String(wire!.orderListId));
      // A cancel answer's clientOrderId is the cancel's own; the order's is origClientOrderId.
      expect(entry.order?.clientOrderId).toBe(report.origClientOrderId ?? report.clientOrderId);
      expect(entry.order?.stopPrice?.toFixed()).toBe(report.stopPrice === undefined ? undefined : Number(report.stopPrice).toString());
    }
  });

  it('reads the pending orders of an OTOCO as not yet working', () => {
    const list = parseOrderList(examples('#### New Order list - OTOCO (TRADE)')[0]);
    expect(list.orders.map((o) => [o.order?.status, o.order?.workingTime])).toEqual([
      ['NEW', 1712291372842], ['PENDING_NEW', -1], ['PENDING_NEW', -1],
    ]);
  });

  it.each([
    ['#### New Order List - OPO (TRADE)', [['NEW', '0.0006'], ['PENDING_NEW', '0']]],
    ['#### New Order List - OPOCO (TRADE)', [['NEW', '0.0017'], ['PENDING_NEW', '0'], ['PENDING_NEW', '0']]],
  ])('reads the pending orders of %s, which carry no origQty, with a zero quantity', (title, expected) => {
    const list = parseOrderList(examples(title)[0]);
    expect(list.orders.map((o) => [o.order?.status, o.order?.quantity.toFixed()])).toEqual(expected);
  });

  it.each([
    ['### Query Order list (USER_DATA)'],
    ['### Query all Order lists (USER_DATA)'],
    ['### Query Open Order lists (USER_DATA)'],
  ])('reads the answer of %s: ids of the orders, no states', (title) => {
    const [wire] = examples(title);
    const lists = Array.isArray(wire) ? parseOrderLists(wire, 'lists') : [parseOrderList(wire)];
    const raw = (Array.isArray(wire) ? wire : [wire]) as Record<string, unknown>[];
    expect(lists.map((l) => l.orderListId)).toEqual(raw.map((r) => String(r.orderListId)));
    for (const [i, list] of lists.entries()) {
      expect(list.orders.map((o) => [o.orderId, o.clientOrderId, o.order])).toEqual(
        (raw[i]!.orders as { orderId: number; clientOrderId: string }[]).map((o) => [String(o.orderId), o.clientOrderId, undefined]),
      );
    }
  });

  it('reads the documented listStatus event', () => {
    const event = (examples('# user-data-stream.md')[0] as { event: unknown }).event;
    const update = parseListStatus(event);
    expect(update).toEqual({
      type: 'orderList', eventTime: 1564035303637, recovered: false,
      orderList: {
        orderListId: '2', listClientOrderId: 'F4QN4G8DlFATFlIUQ0cjdD', symbol: 'ETHBTC', contingencyType: 'OCO',
        listStatusType: 'EXEC_STARTED', listOrderStatus: 'EXECUTING', listRejectReason: 'NONE', createdAt: 1564035303625,
        orders: [
          { orderId: '17', clientOrderId: 'AJYsMjErWJesZvqlJCTUgL', order: undefined },
          { orderId: '18', clientOrderId: 'bfYPSQdLoqAJeNrOr9adzq', order: undefined },
        ],
      },
    });
  });
});

describe('order list placement over REST', () => {
  let exchange: LocalExchange | undefined;
  let connector: BinanceConnector | undefined;

  afterEach(async () => {
    await connector?.disconnect();
    await exchange?.close();
    connector = undefined;
    exchange = undefined;
  });

  /** The list a placement request describes, as Binance would hold it. */
  function listFor(req: RecordedRequest, createdAt: number): Record<string, unknown> {
    const p = req.params;
    return {
      orderListId: 7, contingencyType: 'OTO', listStatusType: 'EXEC_STARTED', listOrderStatus: 'EXECUTING',
      listClientOrderId: p.get('listClientOrderId'), transactionTime: createdAt, symbol: p.get('symbol'),
      orders: [
        { symbol: p.get('symbol'), orderId: 11, clientOrderId: p.get('workingClientOrderId') },
        { symbol: p.get('symbol'), orderId: 12, clientOrderId: p.get('pendingClientOrderId') },
      ],
      orderReports: [
        { ...wireOrder({ orderId: 11, clientOrderId: p.get('workingClientOrderId')! }), orderListId: 7 },
        { ...wireOrder({ orderId: 12, clientOrderId: p.get('pendingClientOrderId')!, status: 'PENDING_NEW' }), orderListId: 7, workingTime: -1 },
      ],
    };
  }

  async function setup(placement: (list: Record<string, unknown>) => Reply, query: (list: Record<string, unknown> | undefined) => Reply): Promise<BinanceConnector> {
    let placed: Record<string, unknown> | undefined;
    exchange = await startLocalExchange((req) => {
      if (req.method === 'POST' && req.path === '/api/v3/orderList/oto') {
        placed = listFor(req, Date.now());
        return placement(placed);
      }
      if (req.method === 'GET' && req.path === '/api/v3/orderList') return query(placed);
      return undefined;
    });
    connector = new BinanceConnector({
      environment: 'sim', restUrl: exchange.url, apiKey: 'key', apiSecret: 'secret', reconcileDelaysMs: [5, 5, 5], retry: { minDelayMs: 1, maxDelayMs: 5 },
    });
    await connector.connect();
    return connector;
  }

  const notFound: Reply = { status: 400, body: { code: -2013, msg: 'Order list does not exist.' } };

  it('places an OTO once and returns it with the state of each order', async () => {
    const c = await setup((list) => ({ body: list }), () => notFound);
    const list = await c.placeOrderList(OTO);
    expect([list.orderListId, list.listClientOrderId, list.symbol, list.contingencyType]).toEqual(['7', 'list-1', 'BTCUSDT', 'OTO']);
    expect(list.orders.map((o) => [o.clientOrderId, o.order?.status])).toEqual([['work-1', 'NEW'], ['pend-1', 'PENDING_NEW']]);
    expect(exchange!.count('POST /api/v3/orderList/oto')).toBe(1);
  });

  it('does not resend a list whose answer was lost: it reads it back by its list client id', async () => {
    const c = await setup(() => ({ status: 503, body: '' }), (list) => (list === undefined ? notFound : { body: { ...list, orderReports: undefined } }));
    const list = await c.placeOrderList(OTO);
    expect([list.orderListId, list.listClientOrderId]).toEqual(['7', 'list-1']);
    expect(list.orders.map((o) => o.order)).toEqual([undefined, undefined]);
    expect(exchange!.count('POST /api/v3/orderList/oto')).toBe(1);
    expect(exchange!.requests.filter((r) => r.path === '/api/v3/orderList').map((r) => r.params.get('origClientOrderId'))).toEqual(['list-1']);
    expect(c.metrics().reconciliations).toBe(1);
  });

  it.each([
    ['placed before this placement was sent', { transactionTime: 1_700_000_000_000 }],
    ['on another symbol', { symbol: 'ETHUSDT' }],
    ['made of other orders', { orders: [{ symbol: 'BTCUSDT', orderId: 1, clientOrderId: 'other' }, { symbol: 'BTCUSDT', orderId: 2, clientOrderId: 'pend-1' }] }],
  ])('does not take a list %s that holds the same list client id', async (_name, other) => {
    const c = await setup(() => ({ status: 503, body: '' }), (list) => ({ body: { ...list, ...other } }));
    const error = await rejectionOf<OrderStatusUnknownError>(c.placeOrderList(OTO));
    expect(error).toBeInstanceOf(OrderStatusUnknownError);
    expect([error.listClientOrderId, error.symbol, error.clientOrderId]).toEqual(['list-1', 'BTCUSDT', undefined]);
    expect(error.message).toBe('order list list-1 on BTCUSDT: the placement answer was lost (Service Unavailable (Binance HTTP 503)) '
      + 'and 3 status queries did not find it (a list with this client id exists, but it is not this placement); '
      + 'query it by listClientOrderId before placing it again');
    expect(exchange!.count('POST /api/v3/orderList/oto')).toBe(1);
  });

  it('checks list ids and queries before any request', async () => {
    const c = await setup((list) => ({ body: list }), () => notFound);
    const before = exchange!.requests.length;
    await expect(c.getOrderList('seven')).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(c.cancelOrderList('7', 'BTC USDT')).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(c.getAllOrderLists({ fromId: '3', startTime: 0 })).rejects.toMatchObject({ field: 'fromId', rule: 'COMBINATION' });
    await expect(c.getAllOrderLists({ startTime: 0, endTime: 86_400_001 })).rejects.toMatchObject({ field: 'endTime', rule: 'WINDOW' });
    expect(exchange!.requests.length).toBe(before);
  });
});
