/**
 * A reader that stops early (`latchkey envs | head -1`) closes the pipe. Like other Unix tools, stop
 * writing and finish quietly instead of dying on an unhandled EPIPE with a stack; the command still
 * completes what it started (an audit line, a ledger record). Any other stream failure is an error:
 * the returned function says whether one happened. Used by both entries (the full CLI and the thin one).
 */
export function watchOutput(streams: NodeJS.WritableStream[]): () => boolean {
  let outputFailed = false;
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') outputFailed = true;
    });
  }
  return () => outputFailed;
}
