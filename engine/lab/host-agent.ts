import { asciiBytes } from './ascii';

/**
 * The engine's side of a host-OS server's management agent (guest/user/agentd/, protocol in
 * docs/host-os.md): requests written to the agent's serial port as JSON lines, replies and events
 * read back from it. Replies are handled as the machine prints them, inside `Machine.run`, so
 * requests are only queued there; the server sends them with `flush` between runs, one at a time:
 * the next goes once the last is answered, so the agent never has more than one to hold.
 */

/** A request's fields; `id` and `op` are added by `request`. */
export type AgentFields = Readonly<Record<string, string | number | boolean>>;

export interface AgentReply {
  readonly id: number;
  readonly ok: boolean;
  readonly error?: string;
  readonly [field: string]: unknown;
}

/** Lines the agent prints unasked. */
export type AgentEvent =
  | { readonly event: 'ready' }
  | { readonly event: 'exited'; readonly name: string; readonly status: number };

export type AgentOp = 'create' | 'start' | 'stop' | 'list' | 'usage';

export class HostAgent {
  /** True once the agent has said it listens. */
  ready = false;
  private line = '';
  private nextId = 1;
  private readonly waiting = new Map<number, (reply: AgentReply) => void>();
  private readonly outbox: string[] = [];
  private inFlight = 0;
  /** Lines from the port that were not the agent's JSON (for diagnostics). */
  readonly noise: string[] = [];

  constructor(
    /** Writes bytes to the agent's port (the machine's ttyS1 input). */
    private readonly send: (bytes: Uint8Array) => void,
    private readonly onEvent: (event: AgentEvent) => void = () => {},
  ) {}

  /** Queues a request; `onReply` runs when its answer arrives. Returns its id. */
  request(op: AgentOp, fields: AgentFields, onReply: (reply: AgentReply) => void): number {
    const id = this.nextId++;
    this.waiting.set(id, onReply);
    // Non-ASCII as \u escapes: the port carries bytes, and the agent's names are ASCII.
    const json = JSON.stringify({ id, op, ...fields }).replace(
      /[\u0080-\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
    this.outbox.push(`${json}\n`);
    return id;
  }

  /** Requests sent and not yet answered. */
  get pending(): number {
    return this.waiting.size;
  }

  /** Sends the next queued request if none is unanswered; call between machine runs. */
  flush(): void {
    if (this.inFlight !== 0) return;
    const next = this.outbox.shift();
    if (next === undefined) return;
    this.inFlight = Number(JSON.parse(next).id);
    this.send(asciiBytes(next));
  }

  /** One byte the agent's port printed. */
  receive(byte: number): void {
    if (byte === 0x0a) {
      const line = this.line.trim();
      this.line = '';
      if (line !== '') this.handleLine(line);
    } else if (byte !== 0x0d) {
      this.line += String.fromCharCode(byte);
    }
  }

  private handleLine(line: string): void {
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      this.noise.push(line);
      return;
    }
    if (!isRecord(message)) {
      this.noise.push(line);
      return;
    }
    if (message.event === 'ready') {
      this.ready = true;
      this.onEvent({ event: 'ready' });
    } else if (message.event === 'exited' && typeof message.name === 'string') {
      this.onEvent({ event: 'exited', name: message.name, status: Number(message.status) });
    } else if (typeof message.id === 'number' && typeof message.ok === 'boolean') {
      const onReply = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (message.id === this.inFlight) this.inFlight = 0;
      const error = typeof message.error === 'string' ? message.error : undefined;
      onReply?.({ ...message, id: message.id, ok: message.ok, error });
    } else {
      this.noise.push(line);
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
