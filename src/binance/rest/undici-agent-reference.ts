import { createRequire } from 'node:module';
import type { Agent } from 'undici';

let AgentClass: typeof Agent | undefined;

/**
 * The plain reference for `undici-agent-fast.ts`, with the same signature: undici's Agent from its
 * public entry point, loaded on the first request (loading it with the package would add undici's
 * whole index to every import).
 */
export function loadUndiciAgent(): typeof Agent {
  AgentClass ??= (createRequire(import.meta.url)('undici') as { Agent: typeof Agent }).Agent;
  return AgentClass;
}
