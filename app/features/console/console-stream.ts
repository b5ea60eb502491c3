import type { ConsoleAck, ConsoleOutput } from '../../../workers/server-client';
import { writeGate, type WriteGate } from './write-gate';

/** Where console output is drawn: `done` must run once the bytes are on screen. */
export interface ConsoleSink {
  write(bytes: Uint8Array, done: () => void): void;
  /** True while a person types into it: its output goes before the others'. */
  readonly focused?: () => boolean;
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
  /** Changes on every attach and detach, so a late `done` from a former sink is ignored. */
  private attachment = 0;
  /** Bytes handed to the current sink and not yet drawn. */
  private inFlight = 0;
  private readonly history: Uint8Array[] = [];
  /** Readers of the raw output besides the terminal (the compare view reading bench). */
  private readonly taps = new Set<(bytes: Uint8Array) => void>();
  private historyBytes = 0;

  constructor(
    private readonly port: MessagePort,
    /** Paces the writes into xterm with every other console of the page. */
    private readonly gate: WriteGate = writeGate,
  ) {
    port.onmessage = (event: MessageEvent<ConsoleOutput>) => {
      if (event.data.kind === 'output') this.receive(event.data.bytes);
    };
  }

  /** Replays the recent history into `sink`, then streams to it; returns the detacher. */
  attach(sink: ConsoleSink): () => void {
    this.detach();
    for (const chunk of this.history)
      this.gate.submit(
        sink,
        (b, d) => sink.write(b, d),
        chunk,
        () => {},
      );
    this.sink = sink;
    const attachment = ++this.attachment;
    return () => {
      if (this.attachment === attachment) this.detach();
    };
  }

  /**
   * Calls `reader` with every batch of output from now on, as it arrives, whether or not a
   * terminal is attached; returns the function that stops it.
   */
  tap(reader: (bytes: Uint8Array) => void): () => void {
    this.taps.add(reader);
    return () => this.taps.delete(reader);
  }

  dispose(): void {
    this.taps.clear();
    if (this.sink) this.gate.release(this.sink);
    this.sink = undefined;
    this.attachment++;
    this.port.onmessage = null;
    this.port.close();
  }

  /**
   * Forgets the sink. What it had not drawn yet is acknowledged now: a terminal disposed with
   * writes pending never calls back, and the worker would wait for those bytes forever.
   */
  private detach(): void {
    if (this.sink) this.gate.release(this.sink);
    this.sink = undefined;
    this.attachment++;
    if (this.inFlight > 0) this.ack(this.inFlight);
    this.inFlight = 0;
  }

  private receive(bytes: Uint8Array): void {
    this.remember(bytes);
    for (const reader of this.taps) reader(bytes);
    const sink = this.sink;
    if (!sink) {
      this.ack(bytes.length);
      return;
    }
    const attachment = this.attachment;
    this.inFlight += bytes.length;
    this.gate.submit(
      sink,
      (b, d) => sink.write(b, d),
      bytes,
      () => {
        if (attachment !== this.attachment) return;
        this.inFlight -= bytes.length;
        this.ack(bytes.length);
      },
    );
  }

  private remember(bytes: Uint8Array): void {
    this.history.push(bytes);
    this.historyBytes += bytes.length;
    while (this.historyBytes > HISTORY_BYTES && this.history.length > 1) {
      this.historyBytes -= this.history.shift()!.length;
    }
  }

  private ack(bytes: number): void {
    const message: ConsoleAck = { kind: 'ack', bytes };
    this.port.postMessage(message);
  }
}
