/**
 * What an exchange module tells the configuration loader about its options, so that a config
 * file and the environment are checked by the same rules as options given in code. Each exchange
 * defines its options once; `loadConfig` reads them through the connector factory's registry.
 */

/** A rule an option breaks: the option (`retry.maxRetries` for a nested one) and the rule. */
export interface OptionIssue {
  field: string;
  message: string;
}

/** An environment variable that sets an option; `parse` turns its text into the option's value. */
export interface EnvVariable {
  name: string;
  field: string;
  parse?: (text: string) => unknown;
}

/** The options of one exchange, as the configuration loader needs them. */
export interface ConfigurationSpec {
  /** Option names a config file may set, besides the exchange-agnostic ones. */
  fields: readonly string[];
  /** Every rule the options break; the same function the connector validates its options with. */
  issues: (options: Readonly<Record<string, unknown>>) => OptionIssue[];
  /** Defaults of the options that have one. */
  defaults: () => Record<string, unknown>;
  /** Environment variables of the options. */
  env: readonly EnvVariable[];
}

/** A number, or the text unchanged so validation reports it as not a number. */
export function parseNumber(text: string): unknown {
  const value = Number(text);
  return text.trim() !== '' && Number.isFinite(value) ? value : text;
}

/** `true`/`1`/`yes` or `false`/`0`/`no` (any case), or the text unchanged so validation reports it. */
export function parseBoolean(text: string): unknown {
  const lower = text.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(lower)) return true;
  if (['false', '0', 'no'].includes(lower)) return false;
  return text;
}

/** A comma-separated list, blanks dropped. */
export function parseList(text: string): unknown {
  return text.split(',').map((item) => item.trim()).filter((item) => item.length > 0);
}
