import { ExchangeError, OrderStatusUnknownError } from '../../src/core/errors.js';
import type { Findings } from './findings.js';
import type { ExchangeOrder } from './oracle.js';
import type { Truncation } from './truncating-proxy.js';

/**
 * Every placement the workload made and how it ended, checked against the exchange's `allOrders`
 * by client order id: a placement that returned an order is exactly that one order on the
 * exchange; one that failed with any error but OrderStatusUnknownError left no order; an unknown
 * one left at most one; no client order id is on the exchange twice or without a placement.
 */

/** How a placement call ended. */
export type PlacementOutcome =
  | { readonly kind: 'placed'; readonly orderId: string; readonly status: string }
  | { readonly kind: 'rejected'; readonly error: string; readonly exchangeCode: number | undefined }
  | { readonly kind: 'unknown' };

/** One placement call. */
export interface Placement {
  readonly clientOrderId: string;
  readonly connector: string;
  readonly account: number;
  readonly symbol: string;
  readonly request: string;
  /** Local times of the call. */
  readonly startedAt: number;
  endedAt?: number;
  outcome?: PlacementOutcome;
}

/** Counts for the summary. */
export interface PlacementCounts {
  placed: number;
  rejected: number;
  unknown: number;
  verified: number;
}

/** Describes an error as the caller saw it, class name, codes and message. */
export function describeError(error: unknown): string {
  if (error instanceof ExchangeError) {
    return `${error.name} (${error.code}, exchange code ${String(error.exchangeCode)}, HTTP ${String(error.httpStatus)}): ${error.message}`;
  }
  return error instanceof Error ? `${error.name}: ${error.message}` : `non-error ${String(error)}`;
}

/** The placements of the run, until each is verified. */
export class PlacementLedger {
  readonly #open = new Map<string, Placement>();
  readonly counts: PlacementCounts = { placed: 0, rejected: 0, unknown: 0, verified: 0 };

  constructor(private readonly findings: Findings, private readonly truncated: (clientOrderId: string) => Truncation | undefined) {}

  /** Records the start of a placement. */
  begin(placement: Placement): Placement {
    this.#open.set(placement.clientOrderId, placement);
    return placement;
  }

  /** Records how it ended. Errors that are not the connector's own classes fail the error-class check. */
  end(placement: Placement, result: { order?: { orderId: string; status: string }; error?: unknown }): void {
    placement.endedAt = Date.now();
    if (result.order !== undefined) {
      placement.outcome = { kind: 'placed', orderId: result.order.orderId, status: result.order.status };
      this.counts.placed += 1;
      return;
    }
    const error = result.error;
    if (error instanceof OrderStatusUnknownError) {
      placement.outcome = { kind: 'unknown' };
      this.counts.unknown += 1;
      return;
    }
    this.checkError(`placement ${placement.clientOrderId} (${placement.connector})`, error);
    const exchangeCode = error instanceof ExchangeError ? error.exchangeCode : undefined;
    placement.outcome = { kind: 'rejected', error: describeError(error), exchangeCode };
    this.counts.rejected += 1;
  }

  /**
   * Checks how a placement (`what`) failed: an error that is not one of the connector's classes, a
   * 418, or a -1021 refusal that reached the caller is a finding.
   */
  checkError(what: string, error: unknown): void {
    if (error instanceof OrderStatusUnknownError) return;
    if (!(error instanceof ExchangeError)) this.findings.fail('error-class', `${what} failed with ${describeError(error)}, not one of the connector's error classes`);
    if (error instanceof ExchangeError && error.httpStatus === 418) this.findings.fail('no-418', `${what} was answered 418: ${describeError(error)}`);
    if (error instanceof ExchangeError && error.exchangeCode === -1021) {
      this.findings.fail('timestamp-rejection', `${what} was refused for its timestamp (-1021) and the refusal reached the caller: ${describeError(error)}`);
    }
  }

  /** Placements made by `connector` whose call covered `[from, to]`. */
  *placementsOf(connector: string): IterableIterator<Placement> {
    for (const placement of this.#open.values()) if (placement.connector === connector) yield placement;
  }

  /** The placement of a client order id, while not yet verified. */
  get(clientOrderId: string): Placement | undefined {
    return this.#open.get(clientOrderId);
  }

  /**
   * Checks every finished placement against the exchange's orders of the run (by client order
   * id, every account and symbol), then forgets them. `ours` says whether a client id is one of
   * the run's.
   */
  verify(exchangeOrders: readonly ExchangeOrder[], ours: (clientOrderId: string) => boolean, seen: Set<string>): void {
    const byClientId = new Map<string, ExchangeOrder[]>();
    for (const order of exchangeOrders) {
      if (!ours(order.clientOrderId)) continue;
      const list = byClientId.get(order.clientOrderId) ?? [];
      list.push(order);
      byClientId.set(order.clientOrderId, list);
    }
    for (const [clientOrderId, orders] of byClientId) {
      if (orders.length > 1) {
        this.findings.fail('duplicate-order', `client order id ${clientOrderId} is on the exchange ${orders.length} times: ${orders.map((o) => `${o.orderId} ${o.status}`).join(', ')}`);
      }
      if (!this.#open.has(clientOrderId) && !seen.has(clientOrderId)) {
        this.findings.fail('placement', `order ${orders[0]!.orderId} (${clientOrderId}) is on the exchange but no placement made it`);
      }
    }
    for (const [clientOrderId, placement] of this.#open) {
      const outcome = placement.outcome;
      if (outcome === undefined) continue;
      const orders = byClientId.get(clientOrderId) ?? [];
      const truncation = this.truncated(clientOrderId);
      const where = `placement ${clientOrderId} (${placement.connector}, ${placement.request}${truncation === undefined ? '' : `, answer truncated: ${truncation}`})`;
      if (outcome.kind === 'placed') {
        if (orders.length !== 1 || String(orders[0]!.orderId) !== outcome.orderId) {
          this.findings.fail('placement', `${where} returned order ${outcome.orderId} but the exchange holds ${orders.map((o) => o.orderId).join(', ') || 'no order'} for it`);
        }
      } else if (outcome.kind === 'rejected') {
        if (orders.length > 0) {
          this.findings.fail('placement', `${where} failed with ${outcome.error}, yet the exchange holds order ${orders[0]!.orderId} (${orders[0]!.status}) for it: a caller that retries places it twice`);
        }
      }
      // OrderStatusUnknownError promises nothing but "at most one", which the duplicate check covers.
      this.#open.delete(clientOrderId);
      seen.add(clientOrderId);
      this.counts.verified += 1;
    }
  }
}
