import { createRequire } from 'node:module';
import type { Agent, Dispatcher } from 'undici';

/** The two parts of undici the REST transport uses. */
export interface UndiciCore {
  Agent: typeof Agent;
  /** undici's top-level `request(url, { dispatcher: agent, ...options })`. */
  request(agent: Agent, url: string, options: Omit<Dispatcher.RequestOptions, 'origin' | 'path'>): Promise<Dispatcher.ResponseData>;
}

type RequestFunction = (this: Agent, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;

let core: UndiciCore | undefined;

/**
 * undici's Agent and request API, loaded from their own modules on the first request. undici's
 * index also loads fetch, WebSocket, caching, mocks and their helpers (111 modules and about 3 MB
 * more heap for a process that only sends REST requests). Its version is pinned in package.json,
 * so these internal paths do not move under us.
 */
export function loadUndiciCore(): UndiciCore {
  if (core === undefined) {
    const require = createRequire(import.meta.url);
    const AgentClass = require('undici/lib/dispatcher/agent.js') as typeof Agent;
    const apiRequest = require('undici/lib/api/api-request.js') as RequestFunction;
    core = {
      Agent: AgentClass,
      request: (agent, url, options) => {
        // Split as undici's top-level request() does before it dispatches.
        const { origin, pathname, search } = new URL(url);
        return apiRequest.call(agent, { ...options, origin, path: search.length > 0 ? `${pathname}${search}` : pathname });
      },
    };
  }
  return core;
}
