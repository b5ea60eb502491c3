import { DomainConfigError, VMM_RESERVED_MIB } from '../engine/hypervisor/domain-config';
import type { Domain } from '../engine/hypervisor/domain';
import { createHypervisorServer, type HypervisorServer } from '../engine/hypervisor/hypervisor';
import type { RunStatus } from '../engine/machine/machine';
import { UsageError, type Options } from './vm-options';

/**
 * One guest on a hypervisor server, dressed as the bare machine the `vm` session drives: the
 * same console, run and status calls, with the guest's virtual UART as the console. The server
 * has `--mem` MiB and `--harts` harts; the guest gets all the memory the VMM does not keep.
 */
export class HypervisorGuest {
  readonly server: HypervisorServer;
  readonly domain: Domain;

  constructor(
    options: Pick<Options, 'memoryMiB' | 'harts' | 'hardwareVirtualization'> & {
      readonly mode: NonNullable<Options['mode']>;
    },
    image: Uint8Array,
  ) {
    const { mode, memoryMiB, harts, hardwareVirtualization } = options;
    this.server = createHypervisorServer({
      name: 'server',
      memoryMiB,
      harts,
      hardwareVirtualization,
    });
    try {
      this.domain = this.server.createDomain({
        name: 'guest',
        mode,
        memoryMiB: memoryMiB - VMM_RESERVED_MIB,
        image,
      });
    } catch (error) {
      if (error instanceof DomainConfigError) {
        // The refusal ends "or turn the feature on": say how, on this command line.
        const how = mode === 'hw' && !hardwareVirtualization ? ' (leave out --no-hw-virt)' : '';
        throw new UsageError(`the guest cannot be created: ${error.message}${how}`);
      }
      throw error;
    }
  }

  get clock() {
    return this.server.machine.clock;
  }

  get harts() {
    return this.server.machine.harts;
  }

  /** The console: the guest's virtual UART (its bytes in and out). */
  get uart() {
    return this.domain.devices.uart;
  }

  get retired(): number {
    return this.server.retired;
  }

  /** The VMM reflects every trap into the guest, so a hart never spins on traps alone. */
  get stalled(): number {
    return 0;
  }

  setOutput(sink: (byte: number) => void): void {
    this.server.setOutput(this.domain, sink);
  }

  /** The domain booted when it was created; nothing more to do. */
  boot(): void {}

  sendInput(bytes: Uint8Array): void {
    this.server.sendInput(this.domain, bytes);
  }

  /** Runs the server; the guest's end (SRST) reads as the bare machine's finisher would. */
  run(maxCycles: number, mtimeLimit = Infinity): RunStatus {
    const status = this.server.run(maxCycles, mtimeLimit);
    if (status.kind === 'budget-exhausted') return status;
    if (status.kind === 'idle') return status;
    const { state, haltReason } = this.domain;
    if (state === 'shutdown' && haltReason === 'powered off')
      return { kind: 'powered-off', code: 0 };
    process.stderr.write(
      `vm: the guest ${state === 'crashed' ? 'crashed' : 'shut down'}: ${haltReason}\n`,
    );
    return { kind: 'failed', code: state === 'crashed' ? 2 : 1 };
  }

  /** The machine's statistics, with the VMM's instructions, and the VMM's own counters. */
  stats() {
    return { ...this.server.machine.stats(), instructions: this.server.retired };
  }

  /** What --stats adds on a hypervisor server: the VMM's counters for the guest (no trace). */
  vmmStats() {
    const { trace: _trace, domains, ...rest } = this.server.stats();
    const guest = domains.map(({ vcpus: _vcpus, ...domain }) => domain);
    return { ...rest, domains: guest };
  }
}
