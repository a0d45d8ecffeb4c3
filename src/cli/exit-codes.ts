/** Process exit codes of `autotrader`, stable so scripts can branch on them. */
export const ExitCode = {
  /** The command did what it was asked. */
  OK: 0,
  /** A failure not covered by a more specific code (also: a doctor check failed, or order updates ended by an unknown error). */
  FAILURE: 1,
  /** Bad arguments, bad configuration, an order that breaks a symbol rule (a filter), or live trading off or not confirmed. */
  USAGE: 2,
  /** The exchange refused the credentials: bad or missing key, wrong signature, clock outside recvWindow. */
  AUTHENTICATION: 3,
  /** Rate limited (HTTP 429) or IP banned (HTTP 418). */
  RATE_LIMIT: 4,
  /** The exchange could not be reached or did not answer in time. */
  NETWORK: 5,
  /** The exchange answered that it is down, overloaded or in maintenance. */
  UNAVAILABLE: 6,
  /** The exchange rejected the order: insufficient funds, unknown order, other rejection. */
  ORDER_REJECTED: 7,
  /** An order was sent but its answer was lost: it may exist, so it must not be sent again blindly. */
  ORDER_STATUS_UNKNOWN: 8,
  /** Interrupted with Ctrl-C (SIGINT); output written so far is complete line by line. */
  INTERRUPTED: 130,
} as const;

/** One of the {@link ExitCode} values. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** The exit-code table shown at the end of `autotrader --help`. */
export const EXIT_CODES_HELP = `
Exit codes:
  0    success
  1    failure not listed below (also: a doctor check failed, or stream orders could
       not subscribe again after a reconnect for an unknown error such as -1000)
  2    usage: bad arguments or configuration, an order breaking a symbol rule
       (a filter, checked before sending), live trading off or not confirmed
  3    authentication: missing or invalid key, bad signature, clock off (-1021)
  4    rate limited (429) or IP banned (418)
  5    network: exchange unreachable or timed out
  6    exchange unavailable (5xx, overloaded, maintenance)
  7    order rejected (insufficient funds, unknown order, other rejection)
  8    order status unknown: the answer was lost; look the order up, do not resend
  130  interrupted (Ctrl-C); files written so far hold whole lines only`;
