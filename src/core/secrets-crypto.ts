import { createCipheriv, createDecipheriv, createHash, randomBytes, scryptSync } from 'node:crypto';
import { ConfigurationError } from './errors.js';
import { Secret } from './secret.js';

const ALGORITHM = 'aes-256-gcm';
const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** scrypt's cost: `N = 2^ln`, block size `r`, parallelism `p`. */
interface ScryptCost {
  ln: number;
  r: number;
  p: number;
}

/**
 * The cost of new secrets: OWASP's minimum for scrypt (Password Storage Cheat Sheet: N=2^17, r=8,
 * p=1). It needs 128 MiB and a fraction of a second, paid once per secret when a config loads.
 */
const CURRENT: ScryptCost = { ln: 17, r: 8, p: 1 };
/** enc:v1 had no parameters in its text; it used these, below today's guidance, and is only read. */
const V1: ScryptCost = { ln: 15, r: 8, p: 1 };
/**
 * What an enc:v2 header may ask for. The floor refuses a header lowered below today's minimum;
 * the ceiling bounds the memory a hostile file can make us spend (1 GiB at ln=20, r=8).
 */
const BOUNDS = { ln: [17, 20], r: [8, 8], p: [1, 4] } as const;
const BOUNDS_TEXT = `ln ${BOUNDS.ln[0]}-${BOUNDS.ln[1]}, r ${BOUNDS.r[0]}, p ${BOUNDS.p[0]}-${BOUNDS.p[1]}`;

/** A master key shorter than this, or with fewer different characters, is called weak. */
const MIN_MASTER_KEY_LENGTH = 16;
const MIN_MASTER_KEY_DISTINCT = 8;

/** True when `text` looks like an encrypted secret (`enc:v<n>:...`), so it must be decrypted before use. */
export function isEncryptedSecret(text: string): boolean {
  return /^enc:v\d+:/.test(text);
}

/**
 * Why `masterKey` is weak, or undefined when it is not. The rule: at least 16 characters, at least
 * 8 of them different. scrypt slows each guess down but cannot save a key found in the first
 * million guesses; the message never contains the key.
 */
export function masterKeyWeakness(masterKey: string | Secret): string | undefined {
  const key = Secret.from(masterKey).reveal();
  if ([...key].length >= MIN_MASTER_KEY_LENGTH && new Set(key).size >= MIN_MASTER_KEY_DISTINCT) return undefined;
  return `master key: weak (fewer than ${MIN_MASTER_KEY_LENGTH} characters, or fewer than ${MIN_MASTER_KEY_DISTINCT} different ones); use a long random passphrase`;
}

/**
 * Encrypts a secret with AES-256-GCM under a key derived by scrypt from `masterKey` and a random
 * salt. Returns `enc:v2:ln=17,r=8,p=1:<salt>:<iv>:<tag>:<ciphertext>`, each binary part base64url;
 * the header (version and scrypt cost) is authenticated with the ciphertext.
 */
export function encryptSecret(plain: string | Secret, masterKey: string | Secret): string {
  const header = `enc:v2:${costText(CURRENT)}`;
  const salt = randomBytes(SALT_BYTES);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, deriveKey(masterKey, salt, CURRENT), iv);
  cipher.setAAD(Buffer.from(header));
  const ciphertext = Buffer.concat([cipher.update(Secret.from(plain).reveal(), 'utf8'), cipher.final()]);
  const parts = [salt, iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url'));
  return `${header}:${parts.join(':')}`;
}

/** The parts of an encrypted secret, before any key is derived. */
interface Envelope {
  /** Authenticated with the ciphertext: the version, and in v2 the scrypt cost. */
  aad: Buffer;
  cost: ScryptCost;
  salt: Buffer;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

/**
 * Decrypts text from {@link encryptSecret}, in the current `enc:v2` format or the earlier `enc:v1`;
 * a wrong key, altered text or bad format throws ConfigurationError.
 */
export function decryptSecret(text: string, masterKey: string | Secret): string {
  const envelope = openEnvelope(text);
  try {
    const decipher = createDecipheriv(ALGORITHM, deriveKey(masterKey, envelope.salt, envelope.cost), envelope.iv);
    decipher.setAAD(envelope.aad);
    decipher.setAuthTag(envelope.tag);
    return Buffer.concat([decipher.update(envelope.ciphertext), decipher.final()]).toString('utf8');
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    // No cause attached: OpenSSL's message adds nothing and the error should carry no key material.
    throw new ConfigurationError('cannot decrypt secret: wrong master key, or the encrypted text was altered', { field: 'AUTOTRADER_MASTER_KEY' });
  }
}

function openEnvelope(text: string): Envelope {
  const version = /^enc:(v\d+):/.exec(text)?.[1];
  if (version === 'v1') {
    return { aad: Buffer.from('enc:v1'), cost: V1, ...binaryParts(text.slice('enc:v1:'.length), 'enc:v1:<salt>:<iv>:<tag>:<ciphertext>') };
  }
  if (version === 'v2') {
    const rest = text.slice('enc:v2:'.length);
    const costPart = rest.slice(0, Math.max(0, rest.indexOf(':')));
    const cost = parseCost(costPart);
    const layout = 'enc:v2:ln=<n>,r=<n>,p=<n>:<salt>:<iv>:<tag>:<ciphertext>';
    if (cost === undefined) throw new ConfigurationError(`encrypted secret is malformed: expected ${layout}`);
    return { aad: Buffer.from(`enc:v2:${costPart}`), cost, ...binaryParts(rest.slice(costPart.length + 1), layout) };
  }
  if (version !== undefined) throw new ConfigurationError(`encrypted secret has unsupported version ${version}; this build reads v1 and v2`);
  throw new ConfigurationError('encrypted secret is malformed: expected enc:v2:ln=<n>,r=<n>,p=<n>:<salt>:<iv>:<tag>:<ciphertext>');
}

function binaryParts(text: string, layout: string): Omit<Envelope, 'aad' | 'cost'> {
  const parts = text.split(':');
  const [salt, iv, tag, ciphertext] = parts.map((part) => Buffer.from(part, 'base64url'));
  if (parts.length !== 4 || !salt || !iv || !tag || !ciphertext
    || salt.length !== SALT_BYTES || iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw new ConfigurationError(`encrypted secret is malformed: expected ${layout}`);
  }
  return { salt, iv, tag, ciphertext };
}

/** `ln=17,r=8,p=1` as a cost, checked against the bounds before any work; undefined when it is not that shape. */
function parseCost(text: string): ScryptCost | undefined {
  const match = /^ln=(\d{1,3}),r=(\d{1,3}),p=(\d{1,3})$/.exec(text);
  if (match === null) return undefined;
  const cost = { ln: Number(match[1]), r: Number(match[2]), p: Number(match[3]) };
  const within = (value: number, [low, high]: readonly [number, number]): boolean => value >= low && value <= high;
  if (!within(cost.ln, BOUNDS.ln) || !within(cost.r, BOUNDS.r) || !within(cost.p, BOUNDS.p)) {
    throw new ConfigurationError(`encrypted secret has scrypt parameters out of bounds (${BOUNDS_TEXT}): ${text}`);
  }
  return cost;
}

function costText(cost: ScryptCost): string {
  return `ln=${cost.ln},r=${cost.r},p=${cost.p}`;
}

/**
 * Keys derived lately, by master key digest, salt and cost: a secret read again (a config loaded
 * twice, or read back after it was written) costs no second derivation, which would block the
 * event loop for a fraction of a second each time. Bounded; the oldest entry goes first.
 */
const derivedKeys = new Map<string, Buffer>();
const MAX_DERIVED_KEYS = 32;
let derivations = 0;

/** How many scrypt derivations this process has run (a secret read again from the memo runs none). */
export function keyDerivationCount(): number {
  return derivations;
}

function deriveKey(masterKey: string | Secret, salt: Buffer, cost: ScryptCost): Buffer {
  const key = Secret.from(masterKey).reveal();
  if (key.length === 0) throw new ConfigurationError('master key: must not be empty');
  // The master key itself is not kept: only a digest of it names the entry.
  const memoKey = `${createHash('sha256').update(key).digest('base64url')}:${salt.toString('base64url')}:${costText(cost)}`;
  const known = derivedKeys.get(memoKey);
  if (known !== undefined) return known;
  const N = 2 ** cost.ln;
  // scrypt needs 128·N·r bytes (128 MiB at the current cost), above Node's 32 MiB default limit.
  const derived = scryptSync(key, salt, 32, { N, r: cost.r, p: cost.p, maxmem: 2 * 128 * N * cost.r });
  derivations += 1;
  if (derivedKeys.size >= MAX_DERIVED_KEYS) derivedKeys.delete(derivedKeys.keys().next().value!);
  derivedKeys.set(memoKey, derived);
  return derived;
}
