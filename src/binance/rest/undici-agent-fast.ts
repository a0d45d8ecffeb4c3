/**
 * OPTIMISATION SEAM (undici's Agent). Loads undici's Agent from its internal module path instead of
 * undici's index: loading it 58–61 ms instead of 129–135 ms, 3 MB less heap and 7–8 MB less RSS
 * in a process that only sends REST requests (docs/PERFORMANCE.md, "Optimisation seams"). The
 * plain reference is `undici-agent-reference.ts` (same signature); the test
 * `test/binance/undici-agent-fast.test.ts` checks both give the very same class, so an undici
 * upgrade that moves the file fails there.
 */
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
