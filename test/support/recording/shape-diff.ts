/*
 * Compares two JSON answers by shape: the same keys, and the same JSON type under each key, at every
 * depth. Values are not compared: a replay on another exchange gets other ids, prices and times.
 */

/**
 * Fields of order answers that Binance adds only when a condition holds (rest-api.md, "Conditional
 * fields in Order Responses"), plus `fills`, which only the FULL response type carries. Either side
 * may lack them; when both have one, its type must still agree.
 */
export const CONDITIONAL_ORDER_FIELDS: ReadonlySet<string> = new Set([
  'icebergQty', 'preventedMatchId', 'preventedQuantity', 'stopPrice', 'strategyId', 'strategyType', 'trailingDelta',
  'trailingTime', 'usedSor', 'workingFloor', 'pegPriceType', 'pegOffsetType', 'pegOffsetValue', 'peggedPrice', 'expiryReason', 'fills',
]);

/**
 * Fields of an `executionReport` that appear only when a condition holds (user-data-stream.md,
 * "Conditional Fields in Execution Report").
 */
export const CONDITIONAL_EXECUTION_REPORT_FIELDS: ReadonlySet<string> = new Set([
  'd', 'D', 'j', 'J', 'v', 'A', 'B', 'u', 'U', 'Cs', 'pl', 'pL', 'pY', 'W', 'b', 'a', 'k', 'uS', 'gP', 'gOT', 'gOV', 'gp', 'eR',
]);

/** What may differ between two answers of one kind without being a difference. */
export interface ShapeRules {
  /** Keys that may be on one side only. */
  conditional: ReadonlySet<string>;
  /** Keys whose value may be null on one side and of its type on the other. */
  nullable: ReadonlySet<string>;
}

/** Rules of order answers (REST and WebSocket API). */
export const ORDER_ANSWER_RULES: ShapeRules = { conditional: CONDITIONAL_ORDER_FIELDS, nullable: new Set() };

/**
 * Rules of `executionReport` events: `N`, the commission asset, is null until the order trades
 * (user-data-stream.md's NEW example has `"N": null`).
 */
export const EXECUTION_REPORT_RULES: ShapeRules = { conditional: CONDITIONAL_EXECUTION_REPORT_FIELDS, nullable: new Set(['N']) };

/** Rules of payloads with no conditional or nullable field. */
export const STRICT_RULES: ShapeRules = { conditional: new Set(), nullable: new Set() };

/** One way two answers differ: where (`$.orderReports[].stopPrice`) and how. */
export interface ShapeDifference {
  path: string;
  problem: string;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return jsonType(value) === 'object';
}

/** The element of `candidates` sharing the most keys with `element`: the same kind of entry in a mixed array. */
function closest(element: unknown, candidates: readonly unknown[]): unknown {
  if (!isObject(element)) return candidates.find((candidate) => jsonType(candidate) === jsonType(element)) ?? candidates[0];
  let best: unknown = candidates[0];
  let bestScore = -1;
  for (const candidate of candidates) {
    const score = isObject(candidate) ? Object.keys(candidate).filter((key) => key in element).length : -1;
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

/**
 * How `actual` differs in shape from `expected`. Arrays: each element of `actual` is compared with
 * the most alike element of `expected` (a cancel-all answer mixes orders and order lists); an empty
 * `actual` where `expected` has elements is a difference, an empty `expected` compares nothing.
 * `rules` say which keys may be missing or null on one side.
 */
export function shapeDifferences(expected: unknown, actual: unknown, rules: ShapeRules = ORDER_ANSWER_RULES, path = '$'): ShapeDifference[] {
  const expectedType = jsonType(expected);
  const actualType = jsonType(actual);
  if (expectedType !== actualType) return [{ path, problem: `is ${actualType}, expected ${expectedType}` }];
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length === 0) return [];
    if (actual.length === 0) return [{ path, problem: `is empty, expected ${expected.length} element(s)` }];
    const found = new Map<string, ShapeDifference>();
    for (const element of actual) {
      for (const difference of shapeDifferences(closest(element, expected), element, rules, `${path}[]`)) found.set(`${difference.path} ${difference.problem}`, difference);
    }
    return [...found.values()];
  }
  if (!isObject(expected) || !isObject(actual)) return [];
  const differences: ShapeDifference[] = [];
  for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
    const inExpected = key in expected;
    const inActual = key in actual;
    if (inExpected && inActual) {
      if (rules.nullable.has(key) && (expected[key] === null || actual[key] === null)) continue;
      differences.push(...shapeDifferences(expected[key], actual[key], rules, `${path}.${key}`));
    } else if (!rules.conditional.has(key)) { differences.push({ path: `${path}.${key}`, problem: inExpected ? 'is missing' : 'is not expected' });
    }
  }
  return differences;
}
