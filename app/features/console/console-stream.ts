import type { ConsoleAck, ConsoleOutput } from '../../../workers/server-client';

/** Where console output is drawn: `done` must run once the bytes are on screen. */
export interface ConsoleSink {
  write(bytes: Uint8Array, done: () => void): void;
}

/** How much recent output is kept for a terminal that attaches late or re-attaches. */
const HISTORY_BYTES = 256 * 1024;

/**
 * The page end of one console: receives output batches from the worker, hands them to the
 * attached terminal, and acknowledges each batch once the terminal has drawn it, which is what
 * lets the worker produce more. With no terminal attached, batches are acknowledged at once and
 * only kept in a bounded history, so a hidden console never stalls its server.
 */
export class ConsoleStream {
  private sink: ConsoleSink | undefined;
  private readonly history: Uint8Array[] = [];
  private historyBytes = 0;

  constructor(private readonly port: MessagePort) {
    port.onmessage = (event: MessageEvent<ConsoleOutput>) => {
      if (event.data.kind === 'output') this.receive(event.data.bytes);
    };
  }

  /** Replays the recent history into `sink`, then streams to it; returns the detacher. */
  attach(sink: ConsoleSink): () => void {
    for (const chunk of this.history) sink.write(chunk, () => {});
    this.sink = sink;
    return () => {
      if (this.sink === sink) this.sink = undefined;
    };
  }

  dispose(): void {
    this.port.onmessage = null;
    this.port.close();
    this.sink = undefined;
  }

  private receive(bytes: Uint8Array): void {
    this.remember(bytes);
    const ack = () => this.post({ kind: 'ack', bytes: bytes.length });
    if (this.sink) this.sink.write(bytes, ack);
    else ack();
  }

  private remember(bytes: Uint8Array): void {
    this.history.push(bytes);
    this.historyBytes += bytes.length;
    while (this.historyBytes > HISTORY_BYTES && this.history.length > 1) {
      this.historyBytes -= this.history.shift()!.length;
    }
  }

  private post(message: ConsoleAck): void {
    this.port.postMessage(message);
  }
}
