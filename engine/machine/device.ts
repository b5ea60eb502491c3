/** What a device's read returns for an access it does not decode: an access fault. */
export const MMIO_FAULT = -1;

/**
 * A memory-mapped device. It sees offsets from its own base, never absolute addresses, and
 * widths of 1, 2 or 4 bytes. Reads return the value zero-extended (so never negative) or
 * MMIO_FAULT; writes return false for an access the device refuses. Both become architectural
 * access faults in the CPU, never silent zeros.
 */
export interface MmioDevice<State = unknown> {
  readonly name: string;
  read(offset: number, width: 1 | 2 | 4): number;
  write(offset: number, width: 1 | 2 | 4, value: number): boolean;
  /** Plain, structured-cloneable data that `restore` accepts to rebuild this device's state. */
  snapshot(): State;
  restore(state: State): void;
}
