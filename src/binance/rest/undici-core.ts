import { createRequire } from 'node:module';
import type { Agent } from 'undici';

let AgentClass: typeof Agent | undefined;

/**
 * undici's Agent, loaded from its own module on the first request. undici's index also loads
 * fetch, WebSocket, caching, mocks and their helpers (111 modules and about 3 MB more heap for a
 * process that only sends REST requests). Its version is pinned in package.json, so this internal
 * path does not move under us.
 */
export function loadUndiciAgent(): typeof Agent {
  AgentClass ??= createRequire(import.meta.url)('undici/lib/dispatcher/agent.js') as typeof Agent;
  return AgentClass;
}
