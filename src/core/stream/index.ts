/** Exchange-agnostic streaming primitives: reconnecting socket, throttle, registry, async feeds. */
export * from './async-queue.js';
export * from './backoff.js';
export * from './reconnecting-socket.js';
export * from './socket-types.js';
export * from './stream-errors.js';
export * from './subscription-registry.js';
export * from './throttle.js';
export * from './typed-events.js';
