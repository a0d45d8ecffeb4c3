import { UsageError } from './cli-error.js';
import type { CliInput, CliIo } from './cli-io.js';

/** Reads all of a piped stdin; one trailing line break is dropped (what `echo` and editors add). */
async function readPiped(input: CliInput): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Reads one line from the terminal without echoing it, so the secret never shows on screen or in scrollback. */
function readHidden(io: CliIo, prompt: string): Promise<string> {
  const input = io.stdin;
  io.stderr.write(prompt);
  input.setRawMode?.(true);
  input.resume();
  input.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let text = '';
    const finish = (error?: Error): void => {
      input.off('data', onData);
      input.setRawMode?.(false);
      input.pause();
      io.stderr.write('\n');
      if (error === undefined) resolve(text);
      else reject(error);
    };
    const onData = (data: string): void => {
      for (const char of data) {
        if (char === '\r' || char === '\n' || char === '\u0004') return finish();
        if (char === '\u0003') return finish(new UsageError('cancelled'));
        text = char === '\u007f' || char === '\b' ? text.slice(0, -1) : text + char;
      }
    };
    input.on('data', onData);
  });
}

/**
 * The secret to encrypt, from stdin only: arguments would land in shell history and `ps`.
 * At a terminal it is typed hidden; otherwise piped (`pass show binance | autotrader config encrypt apiSecret`).
 */
export async function readSecret(io: CliIo): Promise<string> {
  const text = io.stdin.isTTY === true ? await readHidden(io, 'secret (input hidden): ') : await readPiped(io.stdin);
  if (text.trim().length === 0) throw new UsageError('no secret on standard input', 'pipe it in, e.g. `printf %s "$SECRET" | autotrader config encrypt apiSecret`');
  return text;
}
