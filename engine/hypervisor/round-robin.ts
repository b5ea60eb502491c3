import type { Vcpu } from './vcpu';

/**
 * The plain scheduler the VMM uses until the credit scheduler (scheduler.ts) is wired in: one
 * FIFO of runnable vCPUs shared by all harts; a hart takes the first that may run on it (its
 * pinning allows), and a vCPU whose slice ended goes to the back.
 */
export class RoundRobin {
  private readonly queue: Vcpu[] = [];

  /** Queues a runnable vCPU (new, woken, descheduled or unpaused). Idempotent. */
  enqueue(vcpu: Vcpu): void {
    if (!this.queue.includes(vcpu)) this.queue.push(vcpu);
  }

  /** Takes a vCPU off the queue (it blocked, was paused, halted or destroyed). */
  remove(vcpu: Vcpu): void {
    const i = this.queue.indexOf(vcpu);
    if (i >= 0) this.queue.splice(i, 1);
  }

  /** The next vCPU for `hart`, removed from the queue, or undefined. */
  pick(hart: number): Vcpu | undefined {
    const i = this.queue.findIndex((v) => v.affinity < 0 || v.affinity === hart);
    if (i < 0) return undefined;
    return this.queue.splice(i, 1)[0];
  }

  /** Whether some queued vCPU could run on `hart`. */
  hasWorkFor(hart: number): boolean {
    return this.queue.some((v) => v.affinity < 0 || v.affinity === hart);
  }

  get length(): number {
    return this.queue.length;
  }
}
