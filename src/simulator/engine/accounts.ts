import { createPublicKey } from 'node:crypto';
import { publicVerifyKey, type VerifyKey } from '../rest/signature.js';
import type { KeyKind } from '../../spec/binance/signature.js';
import { Decimal, ZERO } from '../../core/decimal.js';
import { fold, mix32 } from '../market/hash.js';
import { commissionRates, type CommissionOptions, type CommissionRates } from './commission.js';
import type { FillHistoryOptions } from './fill-history.js';

/**
 * Simulator accounts: API keys (HMAC secret or a public key) and balances with free and locked
 * parts. Balance changes are collected per operation so one balance event can report them.
 */

/** The documented demo account's API key (HMAC). */
export const DEMO_API_KEY = 'autotraderSimulatorDemoApiKey00000000000000000000000000000000001';
/** The documented demo account's API secret. */
export const DEMO_API_SECRET = 'autotraderSimulatorDemoApiSecret00000000000000000000000000000001';

/** Testnet-like starting balances of accounts that do not give their own. */
export const DEFAULT_BALANCES: Readonly<Record<string, string>> = {
  USDT: '10000', BTC: '1', ETH: '10', BNB: '100',
};

/** How an account is configured in `startSimulator({ accounts })`. */
export interface AccountOptions {
  /** Defaults to a deterministic 64-character key. */
  readonly apiKey?: string;
  /** HMAC secret; defaults to a deterministic one unless `publicKey` is given. */
  readonly apiSecret?: string;
  /** PEM public key (Ed25519 or RSA): the account then signs with the matching private key. */
  readonly publicKey?: string;
  /** Starting free balances by asset; defaults to DEFAULT_BALANCES. */
  readonly balances?: Readonly<Record<string, string>>;
  /** Commission rates (`GET /api/v3/account/commission`), which its fills pay; 0.1 % maker and taker by default. */
  readonly commission?: CommissionOptions;
  /** Past fills to start with: a busy account for paging tools (engine/fill-history.ts). */
  readonly fillHistory?: FillHistoryOptions;
}

/** Free and locked amounts of one asset. */
export interface Balance {
  free: Decimal;
  locked: Decimal;
}

/** One account. */
export interface SimAccount {
  readonly id: number;
  readonly uid: number;
  readonly apiKey: string;
  /** Empty for key-pair accounts. */
  readonly apiSecret: string;
  readonly keyKind: KeyKind;
  readonly verifyKey: VerifyKey;
  readonly balances: Map<string, Balance>;
  readonly commission: CommissionRates;
  updateTime: number;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A deterministic 64-character alphanumeric string, as Binance keys look. */
function generatedKey(seed: number, index: number, purpose: number): string {
  let h = fold(fold(seed, index), purpose);
  let out = '';
  for (let i = 0; i < 64; i++) {
    h = mix32(h + i);
    out += ALPHABET[h % ALPHABET.length];
  }
  return out;
}

/** Creates an account from its options; `index` 0 without options is the documented demo account. */
export function createAccount(
  options: AccountOptions, index: number, seed: number, extraAssets: readonly string[], now: number,
): SimAccount {
  // Any header-safe text works as a key here; real Binance keys are 64 letters and digits.
  if (options.apiKey !== undefined && !/^[\x21-\x7e]{1,128}$/.test(options.apiKey)) {
    throw new TypeError(`accounts[${index}].apiKey must be 1 to 128 visible ASCII characters`);
  }
  if (options.apiSecret !== undefined && options.publicKey !== undefined) {
    throw new TypeError(`accounts[${index}] takes apiSecret (HMAC) or publicKey (Ed25519/RSA), not both`);
  }
  const demo = index === 0 && options.apiKey === undefined && options.publicKey === undefined && options.apiSecret === undefined;
  const apiKey = options.apiKey ?? (demo ? DEMO_API_KEY : generatedKey(seed, index, 1));
  let apiSecret = '';
  let verifyKey: VerifyKey;
  if (options.publicKey !== undefined) {
    try {
      verifyKey = publicVerifyKey(createPublicKey(options.publicKey));
    } catch (error) {
      throw new TypeError(`accounts[${index}].publicKey must be an Ed25519 or RSA public key in PEM`, { cause: error });
    }
  } else {
    apiSecret = options.apiSecret ?? (demo ? DEMO_API_SECRET : generatedKey(seed, index, 2));
    verifyKey = { kind: 'hmac', secret: apiSecret };
  }
  const commission = commissionRates(options.commission, `accounts[${index}].commission`);
  const balances = new Map<string, Balance>();
  const start = options.balances ?? DEFAULT_BALANCES;
  for (const [asset, amount] of Object.entries(start)) {
    if (!/^[0-9]+(\.[0-9]+)?$/.test(amount)) throw new TypeError(`accounts[${index}].balances.${asset} must be a decimal string such as "1000"`);
    balances.set(asset, { free: new Decimal(amount), locked: ZERO });
  }
  // Every traded asset gets a row, as Binance lists all assets of the account.
  for (const asset of extraAssets) if (!balances.has(asset)) balances.set(asset, { free: ZERO, locked: ZERO });
  return {
    id: index, uid: 100_000_000 + (fold(seed, index) % 900_000_000), apiKey, apiSecret,
    keyKind: verifyKey.kind, verifyKey, balances,
    commission, updateTime: now,
  };
}

/** Balance of `asset`, created empty on first use. */
export function balanceOf(account: SimAccount, asset: string): Balance {
  let balance = account.balances.get(asset);
  if (balance === undefined) {
    balance = { free: ZERO, locked: ZERO };
    account.balances.set(asset, balance);
  }
  return balance;
}
