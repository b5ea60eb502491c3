import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleChannel } from './console-channel';
import {
  CONSOLE_CHUNK_BYTES,
  CONSOLE_HIGH_WATER_BYTES,
  type ConsoleAck,
  type ConsoleOutput,
} from './server-api';

const open: MessageChannel[] = [];
afterEach(() => {
  for (const channel of open.splice(0)) {
    channel.port1.close();
    channel.port2.close();
  }
});

/** A channel wired to a fake page that records batches and acknowledges only when told. */
function setUp() {
  const pipe = new MessageChannel();
  open.push(pipe);
  const received: Uint8Array[] = [];
  let drained = 0;
  const channel = new ConsoleChannel(() => drained++);
  pipe.port1.onmessage = (event: MessageEvent<ConsoleOutput>) => received.push(event.data.bytes);
  channel.attach(pipe.port2);
  const ack = (bytes: number) =>
    pipe.port1.postMessage({ kind: 'ack', bytes } satisfies ConsoleAck);
  return { channel, received, ack, drained: () => drained };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 10));

function push(channel: ConsoleChannel, text: string): void {
  for (const byte of new TextEncoder().encode(text)) channel.pushByte(byte);
}

describe('ConsoleChannel', () => {
  it('sends what the UART produced as one batch per flush', async () => {
    const { channel, received } = setUp();
    push(channel, 'hello, ');
    push(channel, 'world');
    expect(received).toHaveLength(0);
    channel.flush();
    await tick();
    expect(received).toHaveLength(1);
    expect(new TextDecoder().decode(received[0])).toBe('hello, world');
  });

  it('cuts batches at the chunk size', async () => {
    const { channel, received } = setUp();
    push(channel, 'x'.repeat(CONSOLE_CHUNK_BYTES + 10));
    channel.flush();
    await tick();
    expect(received.map((chunk) => chunk.length)).toEqual([CONSOLE_CHUNK_BYTES, 10]);
  });

  it('holds output at the high-water mark until the page acknowledges it', async () => {
    const { channel, received, ack, drained } = setUp();
    push(channel, 'x'.repeat(CONSOLE_HIGH_WATER_BYTES + CONSOLE_CHUNK_BYTES));
    channel.flush();
    await tick();
    const sent = received.reduce((n, chunk) => n + chunk.length, 0);
    expect(sent).toBe(CONSOLE_HIGH_WATER_BYTES);
    expect(channel.backlogged).toBe(true);

    ack(CONSOLE_CHUNK_BYTES);
    await tick();
    expect(drained()).toBe(1);
    expect(received.reduce((n, chunk) => n + chunk.length, 0)).toBe(sent + CONSOLE_CHUNK_BYTES);
    expect(channel.backlog).toBe(CONSOLE_HIGH_WATER_BYTES);
  });

  it('counts every byte produced and not yet drawn as backlog', async () => {
    const { channel, ack } = setUp();
    push(channel, 'abc');
    expect(channel.backlog).toBe(3);
    channel.flush();
    expect(channel.backlog).toBe(3);
    ack(3);
    await tick();
    expect(channel.backlog).toBe(0);
    expect(channel.backlogged).toBe(false);
  });
});
