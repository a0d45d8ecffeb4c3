import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { AccountOptions } from '../simulator/engine/accounts.js';
import { UsageError } from './cli-error.js';

const rate = z.string().regex(/^\d+(\.\d{1,8})?$/, { error: 'must be a rate such as "0.001"' }).optional();
const rateSet = z.strictObject({ maker: rate, taker: rate, buyer: rate, seller: rate }).optional();

const accountSchema = z.strictObject({
  apiKey: z.string().min(1).optional(),
  apiSecret: z.string().min(1).optional(),
  publicKey: z.string().min(1).optional(),
  balances: z.record(z.string(), z.string().regex(/^\d+(\.\d+)?$/, { error: 'must be a decimal string such as "1000"' })).optional(),
  commission: z.strictObject({ standard: rateSet, tax: rateSet, special: rateSet }).optional(),
  fillHistory: z.strictObject({ symbol: z.string(), days: z.number().int().positive(), fillsPerDay: z.number().int().positive() }).optional(),
});

const accountsSchema = z.array(accountSchema).min(1);

/** Reads `sim --accounts <file>` (relative to `cwd`): a JSON list of account options; the message names the entry and field at fault. */
export function readAccountsFile(path: string, cwd: string): AccountOptions[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(resolve(cwd, path), 'utf8'));
  } catch (error) {
    throw new UsageError(`--accounts ${path}: ${(error as Error).message}`, 'give a JSON file holding a list such as [{"balances":{"USDT":"1000"}}]');
  }
  const result = accountsSchema.safeParse(data);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.map(String).join('.') || 'file'}: ${issue.message}`);
    throw new UsageError(`--accounts ${path}: ${problems.join('; ')}`, 'each entry may have apiKey, apiSecret or publicKey, balances by asset, commission rates and a fillHistory');
  }
  // Optional fields are dropped when absent (nested ones too) so the options keep exact optional types.
  const defined = (value: object): object => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)
    .map(([k, v]) => [k, typeof v === 'object' && v !== null && k !== 'balances' ? defined(v as object) : v]));
  return result.data.map((account) => defined(account) as AccountOptions);
}
