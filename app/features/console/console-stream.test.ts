import { afterEach, describe, expect, it } from 'vitest';
import type { ConsoleAck, ConsoleOutput } from '../../../workers/server-client';
import { ConsoleStream, type ConsoleSink } from './console-stream';
import { WriteGate } from './write-gate';

const open: MessageChannel[] = [];
afterEach(() => {
  for (const channel of open.splice(0)) {
    channel.port1.close();
    channel.port2.close();
  }
});

/** A stream wired to a fake worker that sends output and records acknowledgements. */
function setUp() {
  const pipe = new MessageChannel();
  open.push(pipe);
  const stream = new ConsoleStream(pipe.port1, new WriteGate(null));
  const acked: number[] = [];
  pipe.port2.onmessage = (event: MessageEvent<ConsoleAck>) => acked.push(event.data.bytes);
  const send = (text: string) => {
    const message: ConsoleOutput = { kind: 'output', bytes: new TextEncoder().encode(text) };
    pipe.port2.postMessage(message);
  };
  return { stream, acked, send };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 10));

/** A terminal that draws only when told to. */
function slowSink() {
  const drawn: string[] = [];
  const pending: (() => void)[] = [];
  const sink: ConsoleSink = {
    write: (bytes, done) => {
      drawn.push(new TextDecoder().decode(bytes));
      pending.push(done);
    },
  };
  return { sink, drawn, finish: () => pending.splice(0).forEach((done) => done()) };
}

describe('ConsoleStream', () => {
  it('acknowledges a batch once the terminal has drawn it', async () => {
    const { stream, acked, send } = setUp();
    const terminal = slowSink();
    stream.attach(terminal.sink);
    send('hello');
    await tick();
    expect(terminal.drawn).toEqual(['hello']);
    expect(acked).toEqual([]);
    terminal.finish();
    await tick();
    expect(acked).toEqual([5]);
  });

  it('acknowledges at once with no terminal, and replays the history to the next one', async () => {
    const { stream, acked, send } = setUp();
    send('boot log');
    await tick();
    expect(acked).toEqual([8]);
    const terminal = slowSink();
    stream.attach(terminal.sink);
    expect(terminal.drawn).toEqual(['boot log']);
    terminal.finish();
    await tick();
    // History was acknowledged when it arrived; replaying it owes the worker nothing.
    expect(acked).toEqual([8]);
  });

  it('acknowledges what a detached terminal never drew, so the worker is not stalled', async () => {
    const { stream, acked, send } = setUp();
    const terminal = slowSink();
    const detach = stream.attach(terminal.sink);
    send('abc');
    send('defg');
    await tick();
    detach();
    await tick();
    expect(acked).toEqual([7]);
    // The disposed terminal's late callbacks change nothing.
    terminal.finish();
    await tick();
    expect(acked).toEqual([7]);
  });

  it('hands every batch to its readers until they stop reading', async () => {
    const { stream, send } = setUp();
    const read: string[] = [];
    const stop = stream.tap((bytes) => read.push(new TextDecoder().decode(bytes)));
    send('null: 363 cycles/op\n');
    await tick();
    stop();
    send('later');
    await tick();
    expect(read).toEqual(['null: 363 cycles/op\n']);
  });
});
