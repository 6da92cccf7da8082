import { describe, expect, it } from 'vitest';
import { encodeFrame, frameReader } from '../../../electron/agent/protocol';

function reader(limit = 1024) {
  const frames: unknown[] = [];
  const errors: string[] = [];
  const push = frameReader((f) => frames.push(f), (e) => errors.push(e), () => limit);
  return { frames, errors, push: (text: string) => push(Buffer.from(text)) };
}

describe('agent socket framing', () => {
  it('reads one JSON document per line, across chunk boundaries', () => {
    const r = reader();
    const text = encodeFrame({ t: 'call', id: 1, channel: 'exports:list', payload: {} }) + encodeFrame({ t: 'call', id: 2, channel: 'cache:clear', payload: { note: 'line\nbreak' } });
    r.push(text.slice(0, 7));
    r.push(text.slice(7, 60));
    r.push(text.slice(60));
    expect(r.frames).toEqual([
      { t: 'call', id: 1, channel: 'exports:list', payload: {} },
      { t: 'call', id: 2, channel: 'cache:clear', payload: { note: 'line\nbreak' } },
    ]);
    expect(r.errors).toEqual([]);
  });

  it('ends the stream on a frame over the limit, even before its newline arrives', () => {
    const r = reader(100);
    r.push('x'.repeat(101));
    expect(r.errors).toEqual(['frame too large']);
    r.push('\n{"t":"call"}\n');
    expect(r.frames).toEqual([]);
  });

  it('ends the stream on a line that is not JSON', () => {
    const r = reader();
    r.push('hello there\n');
    expect(r.errors).toEqual(['frame is not JSON']);
  });
});
