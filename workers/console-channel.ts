import {
  CONSOLE_CHUNK_BYTES,
  CONSOLE_HIGH_WATER_BYTES,
  type ConsoleAck,
  type ConsoleOutput,
} from './server-api';

/**
 * One console's output path from the machine to the page. The UART hands over bytes one at a
 * time; they are packed into chunks of at most CONSOLE_CHUNK_BYTES and posted, each
 * chunk's buffer transferred, when the runner flushes (once per slice, so about one message per
 * few milliseconds however busy the guest is). The page acknowledges what it has drawn; the
 * runner asks `backlogged` before every slice and pauses the machine while too much is in flight.
 */
export class ConsoleChannel {
  private port: MessagePort | undefined;
  private current = new Uint8Array(CONSOLE_CHUNK_BYTES);
  private currentLength = 0;
  private readonly full: Uint8Array[] = [];
  private queuedBytes = 0;
  private unackedBytes = 0;

  /** `onDrained` runs after an acknowledgement, so the runner can resume a stalled machine. */
  constructor(private readonly onDrained: () => void) {}

  /** Bytes produced and not yet drawn by the page. */
  get backlog(): number {
    return this.queuedBytes + this.currentLength + this.unackedBytes;
  }

  get backlogged(): boolean {
    return this.backlog >= CONSOLE_HIGH_WATER_BYTES;
  }

  /** Replaces the page end of the channel; output not yet acknowledged is forgotten. */
  attach(port: MessagePort): void {
    this.dispose();
    this.port = port;
    this.unackedBytes = 0;
    port.onmessage = (event: MessageEvent<ConsoleAck>) => {
      if (event.data.kind !== 'ack') return;
      this.unackedBytes = Math.max(0, this.unackedBytes - event.data.bytes);
      this.flush();
      this.onDrained();
    };
    this.flush();
  }

  pushByte(byte: number): void {
    this.current[this.currentLength++] = byte;
    if (this.currentLength === CONSOLE_CHUNK_BYTES) this.sealCurrent();
  }

  /** Posts what is queued, as far as the high-water mark allows. */
  flush(): void {
    const port = this.port;
    if (!port) return;
    if (this.currentLength > 0) this.sealCurrent();
    while (this.full.length > 0 && this.unackedBytes < CONSOLE_HIGH_WATER_BYTES) {
      const bytes = this.full.shift()!;
      this.queuedBytes -= bytes.length;
      this.unackedBytes += bytes.length;
      const message: ConsoleOutput = { kind: 'output', bytes };
      port.postMessage(message, [bytes.buffer]);
    }
  }

  dispose(): void {
    if (!this.port) return;
    this.port.onmessage = null;
    this.port.close();
    this.port = undefined;
  }

  private sealCurrent(): void {
    // Copied out because posting transfers (detaches) the chunk's buffer; `current` is reused.
    const chunk = this.current.slice(0, this.currentLength);
    this.full.push(chunk);
    this.queuedBytes += chunk.length;
    this.currentLength = 0;
  }
}
