import { describe, expect, it } from 'vitest';
import { INTERVALS, ORDER_SIDES, ORDER_TYPES, TIME_IN_FORCE } from '../../src/core/models.js';
import { ENDPOINTS, type EndpointSpec, type HttpMethod } from '../../src/spec/binance/endpoints.js';
import {
  BINANCE_ORDER_SIDES, BINANCE_ORDER_TYPES, BINANCE_TIME_IN_FORCE, CANCEL_REPLACE_MODES, CANCEL_RESTRICTIONS, EXECUTION_TYPES, EXPIRY_REASONS, NEW_ORDER_RESPONSE_TYPES,
  ORDER_RATE_LIMIT_EXCEEDED_MODES, ORDER_STATUSES, STP_MODES, SYMBOL_STATUSES,
} from '../../src/spec/binance/enums.js';
import { BinanceErrorCode, BinanceMessage } from '../../src/spec/binance/error-codes.js';
import { ASSET_FILTER_FIELDS, EXCHANGE_FILTER_FIELDS, SYMBOL_FILTER_FIELDS } from '../../src/spec/binance/filters.js';
import { KLINE_INTERVALS, STREAM_TICKER_WINDOWS } from '../../src/spec/binance/intervals.js';
import { PAGE_LIMITS, TIME_WINDOW_LIMITS_MS } from '../../src/spec/binance/page-limits.js';
import { DEFAULT_RATE_LIMITS, INTERVAL_LETTER, RATE_LIMIT_TYPES } from '../../src/spec/binance/rate-limits.js';
import { isFreeOnSuccess, orderCountCost, requestWeight } from '../../src/spec/binance/weights.js';
import { documentedEndpoints, fixture, sections, weightCases } from './rest-api-doc.js';

/**
 * Binance's facts in `src/spec/binance` against excerpts of Binance's own documents
 * (`test/spec/fixtures/`, each naming its source file and commit). Client and server both read the
 * spec, so neither can catch a wrong fact in it; only the documents can.
 */


const ERRORS_MD = fixture('errors.md');
const REST_MD = fixture('rest-api.md');
const WS_MD = fixture('web-socket-api.md');
const ENUMS_MD = fixture('enums.md');
const FILTERS_MD = fixture('filters.md');
const LIMITS_MD = fixture('exchange-info-rate-limits.md');
const PAGE_LIMITS_MD = fixture('rest-api-limits.md');
const CANCEL_REPLACE_MD = fixture('cancel-replace.md');

// ---- errors.md ----------------------------------------------------------------------------------

interface DocError { code: number; name: string; messages: string[] }

function documentedErrors(): Map<number, DocError> {
  const errors = new Map<number, DocError>();
  for (const { title, body } of sections(ERRORS_MD, /^### /m)) {
    const match = /^(-\d+) (.+)$/.exec(title);
    if (match === null) continue;
    const messages = [...body.matchAll(/^\s*\* (.+)$/gm)].map((m) => m[1]!.trim());
    errors.set(Number(match[1]), { code: Number(match[1]), name: match[2]!, messages });
  }
  // Codes named only in the heading of the matching-engine message table.
  const table = /^## Messages for (.+)$/m.exec(ERRORS_MD)![1]!;
  for (const [, code, name] of table.matchAll(/(-\d+) ([A-Z_]+)/g)) {
    if (!errors.has(Number(code))) errors.set(Number(code), { code: Number(code), name: name!, messages: [] });
  }
  // -1099 is announced in the CHANGELOG and not listed in errors.md.
  const changelog = /\* \*\*(-1099) (.+)\*\*/.exec(LIMITS_MD)!;
  errors.set(-1099, { code: -1099, name: changelog[2]!, messages: [] });
  return errors;
}

/**
 * Every message text errors.md gives (the bullets under each code and the quoted texts of its
 * tables), and the `msg` of rest-api.md's cancel-replace examples, whose -2021 and -2022 texts
 * errors.md gives only as headings.
 */
function documentedMessages(): string[] {
  const bullets = [...documentedErrors().values()].flatMap((e) => e.messages);
  const quoted = [...ERRORS_MD.matchAll(/^\|?\s*"([^"\n]+)"/gm)].map((m) => m[1]!);
  const examples = [...CANCEL_REPLACE_MD.matchAll(/"msg": "([^"\n]+)"/g)].map((m) => m[1]!);
  return [...bullets, ...quoted, ...examples];
}

/** A documented message as a pattern: `%s` stands for any value without quotes. */
function messagePattern(text: string): RegExp {
  const escaped = text.replace(/`/g, '').split('%s').map((piece) => piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join("[^']*")}$`);
}

/** `LIMIT_MAKER` style name of a descriptive heading such as "Order cancel-replace partially failed". */
const asIdentifier = (name: string): string => name.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_|_$/g, '');

describe('error codes and messages match errors.md', () => {
  const documented = documentedErrors();

  it.each(Object.entries(BinanceErrorCode))('%s is code %d as Binance documents it', (name, code) => {
    const doc = documented.get(code);
    expect(doc, `code ${code} is not in errors.md`).toBeDefined();
    const docName = asIdentifier(doc!.name);
    // Descriptive headings (-2021, -2022) name the code in words; the identifier is ours.
    if (docName === doc!.name) expect(name).toBe(doc!.name);
    else expect(docName.endsWith(name), `${name} for "${doc!.name}"`).toBe(true);
  });

  const texts = documentedMessages();
  const patterns = texts.map(messagePattern);
  const rendered = Object.entries(BinanceMessage)
    .filter(([key]) => key !== 'filterFailure')
    .map(([key, message]): [string, string] => [
      key,
      typeof message === 'string' ? message : (message as (...args: string[]) => string)(...Array<string>(message.length).fill('%s')),
    ]);

  it.each(rendered)('BinanceMessage.%s is a message errors.md gives: %s', (_key, text) => {
    expect(patterns.some((pattern) => pattern.test(text)), text).toBe(true);
  });

  it('filter failures read "Filter failure: <filter>" for every filter errors.md names', () => {
    const failures = texts.filter((t) => t.startsWith('Filter failure: '));
    expect(failures.length).toBeGreaterThan(10);
    for (const text of failures) expect(BinanceMessage.filterFailure(text.slice('Filter failure: '.length))).toBe(text);
  });
});

// ---- rest-api.md: weights, order counts, security types -----------------------------------------

const routeOf = (endpoint: EndpointSpec): [HttpMethod, string] => {
  const [method, path] = endpoint.rest.split(' ') as [HttpMethod, string];
  return [method, path];
};

describe('endpoints, weights and order counts match rest-api.md', () => {
  const documented = documentedEndpoints();

  it.each(ENDPOINTS.map((e) => [e.rest, e] as const))('%s: security type, weight and unfilled order count', (rest, endpoint) => {
    const doc = documented.get(rest);
    expect(doc, `${rest} is not in rest-api.md`).toBeDefined();
    expect(endpoint.security).toBe(doc!.security);
    const [method, path] = routeOf(endpoint);
    const cases = weightCases(doc!.weight);
    expect(cases.length).toBeGreaterThan(0);
    for (const [params, weight] of cases) {
      expect(requestWeight(method, path, new URLSearchParams(params)), `${rest} ${JSON.stringify(params)}`).toBe(weight);
    }
    expect(orderCountCost(method, path)).toBe(doc!.orderCount ?? 0);
  });

  it('the depth weight follows the limit at every boundary of its table', () => {
    const cases = weightCases(documented.get('GET /api/v3/depth')!.weight);
    expect(cases).toHaveLength(8);
    for (const [params, weight] of cases) expect(requestWeight('GET', '/api/v3/depth', new URLSearchParams(params))).toBe(weight);
  });

  it('exactly the endpoints of the 2026-03-27 announcement cost no weight on success', () => {
    const announcement = LIMITS_MD.slice(LIMITS_MD.indexOf('### 2026-03-27'));
    const rest = announcement.slice(announcement.indexOf('* REST API'), announcement.indexOf('* WebSocket API'));
    const listed = [...rest.matchAll(/`((?:GET|POST|PUT|DELETE) \/api\/v3\/\S+)`( \(see)?/g)]
      // The amend endpoint is free only when the amendment expires the order (2026-04-02).
      .filter((m) => m[2] === undefined)
      .map((m) => m[1]!);
    expect(listed.length).toBe(12);
    for (const endpoint of ENDPOINTS) {
      const [method, path] = routeOf(endpoint);
      expect(isFreeOnSuccess(method, path), endpoint.rest).toBe(listed.includes(endpoint.rest));
    }
  });
});

describe('WebSocket API methods match web-socket-api.md', () => {
  const methods = new Map<string, string>();
  for (const { title, body } of sections(WS_MD, /^#{3,4} /m)) {
    const method = /"method": "([^"]+)"/.exec(body)?.[1];
    if (method !== undefined) methods.set(method, /\((TRADE|USER_DATA|USER_STREAM)\)/.exec(title)?.[1] ?? 'NONE');
  }

  it.each(ENDPOINTS.filter((e) => e.wsApi !== undefined).map((e) => [e.wsApi!, e] as const))(
    '%s exists with the security type of its REST endpoint',
    (wsApi, endpoint) => {
      expect(methods.get(wsApi), `${wsApi} is not in web-socket-api.md`).toBe(endpoint.security);
    },
  );
});

// ---- enums.md, intervals, filters, rate limits ----------------------------------------------------

function documentedEnum(title: string): string[] {
  const section = sections(ENUMS_MD, /^##\s+/m).find((s) => s.title.startsWith(title));
  expect(section, `no section "${title}" in enums.md`).toBeDefined();
  return [...section!.body.matchAll(/^(?:\* )?`?([A-Z_0-9]+)`?\s*(?:\||$)/gm)].map((m) => m[1]!);
}

describe('enums match enums.md', () => {
  it.each([
    ['Symbol status', SYMBOL_STATUSES],
    ['Order status', ORDER_STATUSES],
    ['Order types', BINANCE_ORDER_TYPES],
    ['Order Response Type', NEW_ORDER_RESPONSE_TYPES],
    ['Order side', BINANCE_ORDER_SIDES],
    ['Time in force', BINANCE_TIME_IN_FORCE],
    ['STP Modes', STP_MODES],
    ['Execution types', EXECUTION_TYPES],
    ['Expiry Reasons', EXPIRY_REASONS],
  ] as const)('%s', (title, values) => {
    expect([...values]).toEqual(documentedEnum(title));
  });

  it.each([
    ['cancelReplaceMode', CANCEL_REPLACE_MODES],
    ['cancelRestrictions', CANCEL_RESTRICTIONS],
    ['orderRateLimitExceededMode', ORDER_RATE_LIMIT_EXCEEDED_MODES],
  ] as const)('cancel-replace\'s %s takes the values its parameter table lists', (name, values) => {
    const row = new RegExp(`^${name}\\s*\\|.*$`, 'm').exec(CANCEL_REPLACE_MD);
    expect(row, `no ${name} row in cancel-replace.md`).not.toBeNull();
    // Each value opens a line of the cell: `<br>` then the value in backticks.
    expect([...values]).toEqual([...row![0].matchAll(/<br\/?>\s*`([A-Z_]+) ?`/g)].map((m) => m[1]));
  });

  it('rate limiters are the types enums.md lists, plus CONNECTIONS from the WebSocket API exchangeInfo', () => {
    const types = [...ENUMS_MD.slice(ENUMS_MD.indexOf('## Rate limiters')).matchAll(/"rateLimitType": "([A-Z_]+)"/g)].map((m) => m[1]!);
    const wsTypes = [...LIMITS_MD.matchAll(/"rateLimitType": "([A-Z_]+)"/g)].map((m) => m[1]!);
    expect([...RATE_LIMIT_TYPES].sort()).toEqual([...new Set([...types, ...wsTypes])].sort());
  });

  it('core models name the same values as Binance where they overlap', () => {
    expect([...ORDER_SIDES]).toEqual([...BINANCE_ORDER_SIDES]);
    expect([...TIME_IN_FORCE]).toEqual([...BINANCE_TIME_IN_FORCE]);
    for (const type of ORDER_TYPES) expect(BINANCE_ORDER_TYPES).toContain(type);
  });
});

describe('stream windows match web-socket-streams.md', () => {
  it('both rolling-window ticker streams take the windows the spec lists', () => {
    const sizes = [...fixture('web-socket-streams.md').matchAll(/^\*\*Window Sizes?:\*\* (.+)$/gm)].map((m) => m[1]!.split(','));
    expect(sizes).toEqual([[...STREAM_TICKER_WINDOWS], [...STREAM_TICKER_WINDOWS]]);
  });
});

describe('intervals match rest-api.md', () => {
  it('kline intervals are the supported list, in order, and core names the same list', () => {
    const table = REST_MD.slice(REST_MD.indexOf('Supported kline intervals'));
    const documented = [...table.slice(0, table.indexOf('\n\n\n')).matchAll(/`([0-9]+[smhdwM])`/g)].map((m) => m[1]!);
    expect([...KLINE_INTERVALS]).toEqual(documented);
    expect([...INTERVALS]).toEqual([...KLINE_INTERVALS]);
  });

  it('rate-limit interval letters are the header letters Binance lists', () => {
    const letters = [...REST_MD.matchAll(/^\s+\* ([A-Z]+) => ([A-Z])$/gm)].map((m) => [m[1]!, m[2]!]);
    expect(Object.entries(INTERVAL_LETTER)).toEqual(letters);
  });
});

describe('page limits and time windows match rest-api.md', () => {
  it('every endpoint with a `limit` parameter has its documented default and maximum, and no other', () => {
    const documented = Object.fromEntries(sections(PAGE_LIMITS_MD, /^#{2,4} /m).map(({ title, body }) => {
      const endpoint = /^(GET|POST|PUT|DELETE) (\/api\/v3\/\S+)$/m.exec(body);
      const row = /^limit\s*\|.*Default:\s*`?(\d+)`?;\s*Maximum:\s*`?(\d+)`?/m.exec(body);
      expect(endpoint, title).not.toBeNull();
      expect(row, title).not.toBeNull();
      return [`${endpoint![1]!} ${endpoint![2]!}`, { default: Number(row![1]), max: Number(row![2]) }];
    }));
    expect(Object.keys(documented)).toHaveLength(12);
    expect(PAGE_LIMITS).toEqual(documented);
  });

  it('every endpoint with a longest time between startTime and endTime has it', () => {
    const documented = Object.fromEntries(sections(PAGE_LIMITS_MD, /^#{2,4} /m).flatMap(({ body }) => {
      const endpoint = /^(GET|POST|PUT|DELETE) (\/api\/v3\/\S+)$/m.exec(body)!;
      const hours = /can't be longer than (\d+) hours/.exec(body);
      return hours === null ? [] : [[`${endpoint[1]!} ${endpoint[2]!}`, Number(hours[1]) * 3_600_000]];
    }));
    expect(Object.keys(documented)).toHaveLength(4);
    expect(TIME_WINDOW_LIMITS_MS).toEqual(documented);
  });
});

describe('filters match filters.md', () => {
  const documented = (group: string): Record<string, string[]> => {
    const start = FILTERS_MD.indexOf(`## ${group}`);
    const rest = FILTERS_MD.slice(start + 3);
    const text = rest.slice(0, rest.search(/^## /m) === -1 ? undefined : rest.search(/^## /m));
    return Object.fromEntries(sections(text, /^### /m).map(({ title, body }) => [
      title,
      [...body.matchAll(/"(\w+)":/g)].map((m) => m[1]!).filter((field) => field !== 'filterType'),
    ]));
  };

  it('symbol filters and their limit fields', () => {
    expect(SYMBOL_FILTER_FIELDS).toEqual(documented('Symbol filters'));
  });

  it('exchange filters and their limit fields', () => {
    expect(EXCHANGE_FILTER_FIELDS).toEqual(documented('Exchange Filters'));
  });

  it('asset filters and their limit fields', () => {
    expect(ASSET_FILTER_FIELDS).toEqual(documented('Asset Filters'));
  });
});

describe('default rate limits match Binance', () => {
  it('REQUEST_WEIGHT and ORDERS are the WebSocket API exchangeInfo example', () => {
    const block = LIMITS_MD.slice(LIMITS_MD.indexOf('"rateLimits"'), LIMITS_MD.indexOf('],'));
    const rules = [...block.matchAll(/\{([^}]*)\}/g)].map(([, body]) => ({
      rateLimitType: /"rateLimitType": "(\w+)"/.exec(body!)![1],
      interval: /"interval": "(\w+)"/.exec(body!)![1],
      intervalNum: Number(/"intervalNum": (\d+)/.exec(body!)![1]),
      limit: Number(/"limit": (\d+)/.exec(body!)![1]),
    }));
    const kinds = new Set(['REQUEST_WEIGHT', 'ORDERS']);
    expect(DEFAULT_RATE_LIMITS.filter((r) => kinds.has(r.rateLimitType))).toEqual(rules.filter((r) => kinds.has(r.rateLimitType!)));
  });

  it('RAW_REQUESTS is the 2026-03-27 limit', () => {
    const [, limit, minutes] = /`RAW_REQUESTS` rate limit increases to ([\d,]+) per (\d+) minutes/.exec(LIMITS_MD)!;
    expect(DEFAULT_RATE_LIMITS.filter((r) => r.rateLimitType === 'RAW_REQUESTS')).toEqual([
      { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: Number(minutes), limit: Number(limit!.replace(/,/g, '')) },
    ]);
  });
});
