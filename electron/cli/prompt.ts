import { AppError } from '../../shared/errors';

/**
 * Reads a secret without echo from a TTY, or the whole of stdin when it is piped. Secrets never come from
 * argv: argv is visible to every user in the process list and lands in shell history.
 */
export async function readSecret(stdin: NodeJS.ReadStream, stderr: NodeJS.WritableStream, label: string): Promise<string> {
  if (!stdin.isTTY) return trimNewline(await readAll(stdin));
  stderr.write(`${label}: `);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  try {
    return await new Promise<string>((resolve, reject) => {
      let value = '';
      const onData = (chunk: string) => {
        for (const ch of chunk) {
          if (ch === '\r' || ch === '\n' || ch === '\u0004') {
            stdin.off('data', onData);
            stderr.write('\n');
            return resolve(value);
          }
          if (ch === '\u0003') {
            stdin.off('data', onData);
            return reject(new AppError('BAD_REQUEST', 'Cancelled.'));
          }
          if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
          else value += ch;
        }
      };
      stdin.on('data', onData);
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
  }
}

/** Reads all of stdin (for `--token-stdin` style flags). */
export async function readAll(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

function trimNewline(text: string): string {
  return text.replace(/\r?\n$/, '');
}

/** Asks a yes/no question on a terminal; false without one (scripts confirm with flags instead). */
export async function confirm(stdin: NodeJS.ReadStream, stderr: NodeJS.WritableStream, question: string): Promise<boolean> {
  if (!stdin.isTTY) return false;
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: stdin, output: stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}
