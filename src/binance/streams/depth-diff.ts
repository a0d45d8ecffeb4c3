import type { PriceLevel } from '../../core/models.js';
import { parseLevels } from './stream-parsers.js';
import type { WireDepthEvent } from './stream-wire-types.js';

/** One `depthUpdate` event: absolute quantities of the changed levels between update ids `first` and `last`. */
export class DepthDiff {
  constructor(
    readonly first: number,
    readonly last: number,
    readonly bids: PriceLevel[],
    readonly asks: PriceLevel[],
    readonly eventTime: number,
  ) {}
}

/** A `depthUpdate` payload → DepthDiff; a malformed level fails with an error naming it. */
export function parseDepthDiff(wire: WireDepthEvent): DepthDiff {
  return new DepthDiff(wire.U, wire.u, parseLevels(wire.b, 'depthUpdate', 'b'), parseLevels(wire.a, 'depthUpdate', 'a'), wire.E);
}

/**
 * The diff a depth stream signal carries: the market stream decodes most depth frames straight
 * into a DepthDiff (see `decodeDepthFrame`) and passes the parsed JSON of the others.
 */
export function depthDiffOf(payload: unknown): DepthDiff {
  return payload instanceof DepthDiff ? payload : parseDepthDiff(payload as WireDepthEvent);
}
