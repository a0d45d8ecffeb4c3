import { readFileSync } from 'node:fs';

/**
 * Readers of Binance's documents (`test/spec/fixtures/`): markdown sections, the endpoints of
 * `rest-api.md` with their weight text, and that text read into concrete requests and weights.
 * Shared by the spec tests and the connector tests that check a request's weight.
 */

/** The text of one fixture copied from Binance's documents. */
export const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

/** Splits markdown into sections at headings of the given depths: heading text → body. */
export function sections(markdown: string, heading: RegExp): { title: string; body: string }[] {
  const parts = markdown.split(heading);
  const out: { title: string; body: string }[] = [];
  for (const part of parts.slice(1)) {
    const newline = part.indexOf('\n');
    out.push({ title: part.slice(0, newline).trim(), body: part.slice(newline + 1) });
  }
  return out;
}

/** One endpoint of `rest-api.md`: its heading, security type, weight text and unfilled order count. */
export interface DocEndpoint { title: string; security: string; weight: string; orderCount: number | undefined }

/** Every endpoint `rest-api.md` documents, by `METHOD /path`. */
export function documentedEndpoints(): Map<string, DocEndpoint> {
  const REST_MD = fixture('rest-api.md');
  const endpoints = new Map<string, DocEndpoint>();
  for (const { title, body } of sections(REST_MD, /^#{3,4} /m)) {
    const route = /^```\n((?:GET|POST|PUT|DELETE) \/api\/v3\/\S+)\n```/m.exec(body);
    if (route === null) continue;
    const weight = /\*\*Weight:?\*\*:?([\s\S]*?)(?=\n\*\*Unfilled|$)/.exec(body)![1]!.trim();
    const count = /\*\*Unfilled Order Count:\*\*\s*(\d+)/.exec(body);
    endpoints.set(route[1]!, {
      title,
      security: /\((TRADE|USER_DATA|USER_STREAM)\)/.exec(title)?.[1] ?? 'NONE',
      weight,
      orderCount: count === null ? undefined : Number(count[1]),
    });
  }
  return endpoints;
}

/** Request parameters by name. */
export type Params = Record<string, string>;
/** A request Binance's weight text describes, and the weight it gives. */
export type WeightCase = [params: Params, weight: number];

/** A `symbols` parameter naming `count` symbols. */
export const symbolsParam = (count: number): Params => ({ symbols: JSON.stringify(Array.from({ length: count }, (_, i) => `S${i}USDT`)) });

/** Reads one endpoint's weight text into concrete cases; fails on a form it does not know, so a new form is noticed. */
export function weightCases(text: string): WeightCase[] {
  if (/^\d+$/.test(text)) return [[{}, Number(text)]];
  const rows = [...text.matchAll(/^\|?\s*([^|\n]+?)\s*\|\s*(\d+)\s*\|?\s*$/gm)].map((m) => [m[1]!, Number(m[2])] as const);
  if (text.startsWith('Adjusted based on the limit')) {
    return rows.flatMap(([range, weight]): WeightCase[] => {
      const [low, high] = range.split('-').map(Number);
      return [[{ limit: String(low) }, weight], [{ limit: String(high) }, weight]];
    });
  }
  if (/computeCommissionRates|orderId/.test(text) && rows.length === 2) {
    return rows.map(([condition, weight]): WeightCase => {
      const param = /`?(computeCommissionRates|orderId)`?/.exec(condition)![1]!;
      const value = param === 'orderId' ? '1' : 'true';
      return [condition.startsWith('Without') ? {} : { [param]: value }, weight];
    });
  }
  if (text.includes('Querying by `preventedMatchId`')) {
    const [byId, byOrder] = [/by `preventedMatchId`\s*\|\s*(\d+)/, /by `orderId`\s*\|\s*(\d+)/].map((pattern) => Number(pattern.exec(text)![1]));
    return [[{ symbol: 'BTCUSDT', preventedMatchId: '1' }, byId!], [{ symbol: 'BTCUSDT', orderId: '1' }, byOrder!]];
  }
  if (text.includes('<table>')) {
    const cases: WeightCase[] = [];
    let param = '';
    for (const [, row] of text.matchAll(/<tr>([\s\S]*?)<\/tr>/g)) {
      const cells = [...row!.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]!.trim());
      if (cells.length === 0) continue;
      if (cells.length === 3) param = cells.shift()!;
      const [provided, weight] = [cells[0]!, Number(cells[1])];
      if (provided.includes('omitted')) cases.push([{}, weight]);
      else if (param === 'symbol') cases.push([{ symbol: 'BTCUSDT' }, weight]);
      else if (provided === 'Any') cases.push([symbolsParam(1), weight], [symbolsParam(150), weight]);
      else if (/^\d+ or more$/.test(provided)) cases.push([symbolsParam(Number.parseInt(provided, 10)), weight], [symbolsParam(500), weight]);
      else {
        const [low, high] = provided.split('-').map(Number);
        cases.push([symbolsParam(low!), weight], [symbolsParam(high!), weight]);
      }
    }
    return cases;
  }
  const perSymbol = /^(\d+) for each requested <tt>symbol<\/tt>.*cap at (\d+) once the number of `symbols` in the request is more than (\d+)/s.exec(text);
  if (perSymbol !== null) {
    const [each, cap, over] = [Number(perSymbol[1]), Number(perSymbol[2]), Number(perSymbol[3])];
    return [
      [{ symbol: 'BTCUSDT' }, each],
      ...[1, 2, over, over + 1, 100].map((n): WeightCase => [symbolsParam(n), Math.min(cap, each * n)]),
    ];
  }
  const single = /^(\d+) for a single symbol; \*\*(\d+)\*\* when the symbol parameter is omitted$/.exec(text);
  if (single !== null) return [[{ symbol: 'BTCUSDT' }, Number(single[1])], [{}, Number(single[2])]];
  throw new Error(`no reading for the weight text ${JSON.stringify(text)}`);
}
