import { BinanceErrorCode, BinanceMessage } from '../../spec/binance/error-codes.js';
import { DECIMAL_PARAM_PATTERN } from '../../spec/binance/enums.js';
import type { ParamReader } from '../../spec/binance/weights.js';
import { Decimal } from '../../core/decimal.js';
import { badRequest } from '../sim-error.js';
import { findSymbol, type SymbolSpec } from '../market/symbols.js';
import type { PageLimit } from '../../spec/binance/page-limits.js';

/**
 * Request parameters with Binance's validation errors: the query string and the form body merged
 * (the query wins), read through typed getters that throw the exact Binance code and message.
 */

const INTEGER_PATTERN = /^-?[0-9]{1,20}$/;
const SYMBOLS_PATTERN = '^\\[("[A-Z0-9-_.]{1,20}"(,"[A-Z0-9-_.]{1,20}"){0,}){0,1}\\]$';

/**
 * Decodes one percent-encoded component (`+` as a space in form encoding); undefined when it is
 * malformed: a `%` without two hex digits after it, or bytes that are not UTF-8.
 */
export function decodeComponent(text: string, plusIsSpace: boolean): string | undefined {
  const plain = plusIsSpace ? text.replace(/\+/g, ' ') : text;
  if (!plain.includes('%')) return plain;
  try {
    return decodeURIComponent(plain);
  } catch {
    return undefined;
  }
}

/**
 * Parses `a=1&b=2` into pairs: -1100 when a name or value is not well percent-encoded (lenient
 * decoders keep such bytes as they are, which would make the signature check fail in its own way),
 * -1101 for a name given twice.
 */
export function parseEncoded(text: string, into: Map<string, string>, overwrite: boolean): void {
  if (text.length === 0) return;
  const seen = new Set<string>();
  for (const pair of text.split('&')) {
    if (pair.length === 0) continue;
    const equals = pair.indexOf('=');
    const name = decodeComponent(equals < 0 ? pair : pair.slice(0, equals), true);
    const value = equals < 0 ? '' : decodeComponent(pair.slice(equals + 1), true);
    if (name === undefined || value === undefined) throw badRequest(BinanceErrorCode.ILLEGAL_CHARS, BinanceMessage.illegalCharacters);
    if (seen.has(name)) throw badRequest(BinanceErrorCode.TOO_MANY_PARAMETERS, BinanceMessage.duplicateParameter);
    seen.add(name);
    if (overwrite || !into.has(name)) into.set(name, value);
  }
}

/** The parameters of one request. */
export class Params implements ParamReader {
  /**
   * Wraps already-merged parameters. `label` names a parameter in errors: one order of a list is
   * read as an order (`price`), while Binance's errors name what was sent (`abovePrice`).
   */
  constructor(private readonly values: ReadonlyMap<string, string>, private readonly label: (name: string) => string = (name) => name) {}

  /** The name a parameter was sent under, for errors. */
  nameOf(name: string): string {
    return this.label(name);
  }

  /** Merges a raw query string and a raw form body; the query wins on conflicts. */
  static fromRaw(rawQuery: string, rawBody: string): Params {
    const values = new Map<string, string>();
    parseEncoded(rawQuery, values, true);
    parseEncoded(rawBody, values, false);
    return new Params(values);
  }

  /** Raw value, or null when absent (ParamReader for the weight table). */
  get(name: string): string | null {
    return this.values.get(name) ?? null;
  }

  /** Raw value; undefined when absent, -1105 when sent empty. */
  optional(name: string): string | undefined {
    const value = this.values.get(name);
    if (value === undefined) return undefined;
    if (value.length === 0) throw badRequest(BinanceErrorCode.PARAM_EMPTY, BinanceMessage.paramEmpty(this.label(name)));
    return value;
  }

  /** Raw value; -1102 when missing or empty. */
  required(name: string): string {
    const value = this.values.get(name);
    if (value === undefined || value.length === 0) {
      throw badRequest(BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED, BinanceMessage.mandatoryParam(this.label(name)));
    }
    return value;
  }

  /** A decimal in Binance's plain format; -1100 for anything else (exponents, signs, spaces). */
  decimal(name: string): Decimal | undefined {
    const value = this.optional(name);
    if (value === undefined) return undefined;
    if (!DECIMAL_PARAM_PATTERN.test(value)) throw badRequest(BinanceErrorCode.ILLEGAL_CHARS, BinanceMessage.illegalChars(this.label(name)));
    return new Decimal(value);
  }

  /** An integer; -1100 when malformed. */
  integer(name: string): number | undefined {
    const value = this.optional(name);
    if (value === undefined) return undefined;
    if (!INTEGER_PATTERN.test(value)) {
      throw badRequest(BinanceErrorCode.ILLEGAL_CHARS, `Illegal characters found in parameter '${this.label(name)}'; legal range is '^-?[0-9]{1,20}$'.`);
    }
    return Number(value);
  }

  /** A `limit` with the endpoint's documented default and maximum; values above the maximum are clamped, below 1 rejected. */
  limit(page: PageLimit): number {
    const value = this.integer('limit');
    if (value === undefined) return page.default;
    if (value < 1) throw badRequest(BinanceErrorCode.INVALID_PARAMETER, BinanceMessage.invalidParameter('limit'));
    return Math.min(value, page.max);
  }

  /** A boolean `true`/`false`; -1130 otherwise. */
  boolean(name: string): boolean | undefined {
    const value = this.optional(name);
    if (value === undefined) return undefined;
    if (value !== 'true' && value !== 'false') throw badRequest(BinanceErrorCode.INVALID_PARAMETER, BinanceMessage.invalidParameter(this.label(name)));
    return value === 'true';
  }

  /** The mandatory `symbol`: -1102 when missing, -1121 when not listed. */
  symbol(symbols: readonly SymbolSpec[]): SymbolSpec {
    const spec = findSymbol(symbols, this.required('symbol'));
    if (spec === undefined) throw badRequest(BinanceErrorCode.BAD_SYMBOL, BinanceMessage.invalidSymbol);
    return spec;
  }

  /** `symbol` when sent, else undefined; -1121 when not listed. */
  optionalSymbol(symbols: readonly SymbolSpec[]): SymbolSpec | undefined {
    return this.values.has('symbol') ? this.symbol(symbols) : undefined;
  }

  /** The JSON array `symbols=["A","B"]`: -1100 when malformed, -1121 unknown, -1151 repeated. */
  symbolList(symbols: readonly SymbolSpec[]): SymbolSpec[] | undefined {
    const value = this.optional('symbols');
    if (value === undefined) return undefined;
    let names: unknown;
    try {
      names = JSON.parse(value);
    } catch {
      names = undefined;
    }
    if (!Array.isArray(names) || names.length === 0 || !names.every((n): n is string => typeof n === 'string')) {
      throw badRequest(BinanceErrorCode.ILLEGAL_CHARS, `Illegal characters found in parameter 'symbols'; legal range is '${SYMBOLS_PATTERN}'.`);
    }
    if (new Set(names).size !== names.length) {
      throw badRequest(BinanceErrorCode.DUPLICATE_SYMBOLS, 'Symbol is present multiple times in the list.');
    }
    return names.map((name) => {
      const spec = findSymbol(symbols, name);
      if (spec === undefined) throw badRequest(BinanceErrorCode.BAD_SYMBOL, BinanceMessage.invalidSymbol);
      return spec;
    });
  }

  /** Whether `name` was sent (even empty). */
  has(name: string): boolean {
    return this.values.has(name);
  }
}
