import { MMIO_FAULT, type MmioDevice } from '../machine/device';
import { MEMORY_MAP, UART0_IRQ } from '../machine/memory-map';
import { Plic } from '../machine/plic';
import { Uart16550 } from '../machine/uart16550';

const SEIP = 9;

/**
 * The devices of one domain, at the guest-physical addresses of a real server: a ns16550a UART
 * at 0x1000_0000 and a PLIC at 0x0C00_0000. They are the same models the hardware uses, driven
 * by MMIO emulation instead of the bus: no guest access ever reaches the physical devices.
 *
 * The PLIC is the hardware model with one vCPU per "hart" (context 2v+1 is vCPU v's virtual
 * S-mode, as the kernel expects context 1 on hart 0) and one source wired: 10, the virtual UART.
 * Its S-context outputs become the vCPUs' virtual SEIP lines; the M contexts lead nowhere, since a
 * guest has no virtual M-mode.
 */
export class VirtualDevices {
  readonly uart: Uart16550;
  readonly plic: Plic;
  private readonly regions: readonly { base: number; size: number; device: MmioDevice }[];

  /**
   * @param setExternal raises or lowers the virtual SEIP of vCPU `vcpu`.
   * @param output receives each byte the guest transmits (the domain's console).
   */
  constructor(
    vcpus: number,
    setExternal: (vcpu: number, level: boolean) => void,
    output: (byte: number) => void,
  ) {
    this.plic = new Plic(vcpus, (vcpu, bit, level) => {
      if (bit === SEIP) setExternal(vcpu, level);
    });
    this.uart = new Uart16550(output, (level) => this.plic.setSourceLevel(UART0_IRQ, level));
    this.regions = [
      { base: MEMORY_MAP.uart0.base, size: MEMORY_MAP.uart0.size, device: this.uart },
      { base: MEMORY_MAP.plic.base, size: MEMORY_MAP.plic.size, device: this.plic },
    ];
  }

  /** The device at guest-physical `gpa` (all `width` bytes inside it), or undefined. */
  deviceAt(gpa: number, width: number): { device: MmioDevice; offset: number } | undefined {
    for (const region of this.regions) {
      const offset = gpa - region.base;
      if (offset >= 0 && offset + width <= region.size) return { device: region.device, offset };
    }
    return undefined;
  }

  /** True when `gpa` lies in one of the domain's device ranges (a shadow must never map it). */
  isDevice(gpa: number): boolean {
    return this.deviceAt(gpa, 1) !== undefined;
  }

  /** An emulated load: the value, or MMIO_FAULT when no device decodes it. */
  read(gpa: number, width: 1 | 2 | 4): number {
    const hit = this.deviceAt(gpa, width);
    return hit ? hit.device.read(hit.offset, width) : MMIO_FAULT;
  }

  /** An emulated store: false when no device decodes it or the device refuses it. */
  write(gpa: number, width: 1 | 2 | 4, value: number): boolean {
    const hit = this.deviceAt(gpa, width);
    return hit ? hit.device.write(hit.offset, width, value) : false;
  }

  reset(): void {
    this.plic.reset();
    this.uart.reset();
  }
}
