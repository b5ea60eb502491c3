import { describe, expect, it } from 'vitest';
import { MMIO_FAULT } from '../machine/device';
import { VirtualDevices } from './virtual-devices';

const UART = 0x1000_0000;
const PLIC = 0x0c00_0000;

describe('VirtualDevices', () => {
  it('routes the virtual UART interrupt through the virtual PLIC to the vCPU S context', () => {
    const lines: [number, boolean][] = [];
    const out: number[] = [];
    const devices = new VirtualDevices(
      1,
      (v, level) => lines.push([v, level]),
      (b) => out.push(b),
    );
    // As the kernel's plic_init and uart_init do: priority, enable on context 1, threshold.
    devices.write(PLIC + 4 * 10, 4, 1);
    devices.write(PLIC + 0x2000 + 0x80, 4, 1 << 10);
    devices.write(PLIC + 0x20_1000, 4, 0);
    devices.write(UART + 1, 1, 1); // IER: receive data
    devices.uart.enqueueInput(Uint8Array.of(0x41));
    expect(lines.at(-1)).toEqual([0, true]);
    expect(devices.read(PLIC + 0x20_1004, 4)).toBe(10);
    expect(devices.read(UART + 5, 1) & 1).toBe(1);
    expect(devices.read(UART, 1)).toBe(0x41);
    devices.write(PLIC + 0x20_1004, 4, 10);
    expect(lines.at(-1)).toEqual([0, false]);
    devices.write(UART, 1, 0x42);
    expect(out).toEqual([0x42]);
  });

  it('decodes only its own ranges', () => {
    const devices = new VirtualDevices(
      1,
      () => {},
      () => {},
    );
    expect(devices.isDevice(UART + 0xff)).toBe(true);
    expect(devices.isDevice(UART + 0x100)).toBe(false);
    expect(devices.isDevice(0x0200_0000)).toBe(false); // the CLINT is not the guest's
    expect(devices.read(0x0010_0000, 4)).toBe(MMIO_FAULT);
    expect(devices.write(0x0010_0000, 4, 0x5555)).toBe(false);
  });
});
