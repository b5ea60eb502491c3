import { describe, expect, it } from 'vitest';
import { MMIO_FAULT } from './device';
import { Uart16550, UART_FIFO_BYTES } from './uart16550';

const RBR = 0;
const THR = 0;
const IER = 1;
const IIR = 2;
const FCR = 2;
const LCR = 3;
const MCR = 4;
const LSR = 5;
const MSR = 6;
const SCR = 7;

function makeUart() {
  const out: number[] = [];
  const irq: boolean[] = [];
  const uart = new Uart16550(
    (b) => out.push(b),
    (level) => irq.push(level),
  );
  const irqLevel = () => irq.at(-1) ?? false;
  return { uart, out, irq, irqLevel };
}

describe('Uart16550', () => {
  it('comes out of reset as QEMU: THR empty, no interrupt, modem lines idle', () => {
    const { uart } = makeUart();
    expect(uart.read(LSR, 1)).toBe(0x60);
    expect(uart.read(IIR, 1)).toBe(0x01);
    expect(uart.read(IER, 1)).toBe(0);
    expect(uart.read(MCR, 1)).toBe(0x08);
    expect(uart.read(MSR, 1)).toBe(0xb0);
  });

  it('sends THR bytes to the sink at once and counts them', () => {
    const { uart, out } = makeUart();
    for (const c of 'hi\n') uart.write(THR, 1, c.charCodeAt(0));
    expect(String.fromCharCode(...out)).toBe('hi\n');
    expect(uart.read(LSR, 1) & 0x60).toBe(0x60);
    expect(uart.bytesTransmitted).toBe(3);
  });

  it('keeps the divisor latch behind DLAB and the scratch register', () => {
    const { uart, out } = makeUart();
    uart.write(LCR, 1, 0x83);
    uart.write(0, 1, 0x01);
    uart.write(1, 1, 0x02);
    expect(uart.read(0, 1)).toBe(0x01);
    expect(uart.read(1, 1)).toBe(0x02);
    uart.write(LCR, 1, 0x03);
    expect(uart.read(IER, 1)).toBe(0);
    expect(out).toEqual([]); // the divisor write did not transmit
    uart.write(SCR, 1, 0x5a);
    expect(uart.read(SCR, 1)).toBe(0x5a);
  });

  it('answers every width with the byte register, and faults a misaligned access', () => {
    const { uart } = makeUart();
    expect(uart.read(LSR + 8, 1)).toBe(0x60); // only the low three bits decode
    expect(uart.read(4, 4)).toBe(0x08);
    expect(uart.read(1, 4)).toBe(MMIO_FAULT);
    expect(uart.write(2, 4, 0)).toBe(false);
  });

  it('delivers host input only as the guest drains it, never dropping a byte', () => {
    const { uart } = makeUart();
    uart.write(FCR, 1, 0x07); // enable and clear the FIFOs
    const input = Uint8Array.from({ length: 100 }, (_, i) => i);
    uart.enqueueInput(input);
    expect(uart.pendingInput()).toBe(100);
    const got: number[] = [];
    while (uart.read(LSR, 1) & 0x01) got.push(uart.read(RBR, 1));
    expect(got).toEqual(Array.from(input));
    expect(uart.read(LSR, 1) & 0x03).toBe(0); // no data, no overrun
    expect(uart.bytesReceived).toBe(100);
  });

  it('holds one byte at a time with the FIFO disabled', () => {
    const { uart } = makeUart();
    uart.enqueueInput(Uint8Array.of(1, 2, 3));
    expect(uart.pendingInput()).toBe(3);
    expect(uart.read(RBR, 1)).toBe(1);
    expect(uart.read(RBR, 1)).toBe(2);
    expect(uart.read(RBR, 1)).toBe(3);
    expect(uart.read(LSR, 1) & 1).toBe(0);
    expect(uart.read(RBR, 1)).toBe(0);
  });

  it('returns FIFO contents to the host queue on a FIFO reset, so early input survives', () => {
    const { uart } = makeUart();
    uart.write(FCR, 1, 0x01);
    uart.enqueueInput(new TextEncoder().encode('ls\n'));
    uart.write(FCR, 1, 0x07); // a driver's start-up reset
    const got: number[] = [];
    while (uart.read(LSR, 1) & 0x01) got.push(uart.read(RBR, 1));
    expect(String.fromCharCode(...got)).toBe('ls\n');
  });

  it('keeps unread input across a reset', () => {
    const { uart } = makeUart();
    uart.write(FCR, 1, 0x01);
    uart.enqueueInput(Uint8Array.of(1, 2, 3));
    expect(uart.read(RBR, 1)).toBe(1);
    uart.reset();
    expect(uart.pendingInput()).toBe(2);
    expect(uart.read(RBR, 1)).toBe(2);
    expect(uart.read(RBR, 1)).toBe(3);
  });

  it('raises the receive interrupt by priority over THR empty, and THR empty after a write', () => {
    const { uart, irqLevel } = makeUart();
    uart.write(IER, 1, 0x01);
    expect(irqLevel()).toBe(false);
    uart.enqueueInput(Uint8Array.of(65));
    expect(irqLevel()).toBe(true);
    expect(uart.read(IIR, 1)).toBe(0x04);
    uart.write(IER, 1, 0x03); // enabling THRI with THR empty raises it too, but RX ranks higher
    expect(uart.read(IIR, 1)).toBe(0x04);
    expect(uart.read(RBR, 1)).toBe(65);
    expect(uart.read(IIR, 1)).toBe(0x02); // reading IIR acknowledges THR empty
    expect(uart.read(IIR, 1)).toBe(0x01);
    expect(irqLevel()).toBe(false);
    uart.write(THR, 1, 66);
    expect(irqLevel()).toBe(true);
    expect(uart.read(IIR, 1)).toBe(0x02);
    expect(irqLevel()).toBe(false);
  });

  it('reports a character timeout below the FIFO trigger level and data available at it', () => {
    const { uart } = makeUart();
    uart.write(FCR, 1, 0x41); // FIFO on, trigger level 4
    uart.write(IER, 1, 0x01);
    uart.enqueueInput(Uint8Array.of(1, 2));
    expect(uart.read(IIR, 1)).toBe(0xcc);
    uart.enqueueInput(Uint8Array.of(3, 4));
    expect(uart.read(IIR, 1)).toBe(0xc4);
  });

  it('fills the FIFO to 16 bytes at most', () => {
    const { uart } = makeUart();
    uart.write(FCR, 1, 0x01);
    uart.enqueueInput(new Uint8Array(40));
    const snap = uart.snapshot();
    expect(snap.rxFifo.length).toBe(UART_FIFO_BYTES);
    expect(snap.hostQueue.length).toBe(40 - UART_FIFO_BYTES);
  });

  it('loops transmitted bytes back to the receiver in loopback mode', () => {
    const { uart, out } = makeUart();
    uart.write(MCR, 1, 0x10 | 0x03);
    expect(uart.read(MSR, 1) & 0x30).toBe(0x30); // RTS->CTS, DTR->DSR
    uart.write(THR, 1, 0x42);
    expect(out).toEqual([]);
    expect(uart.read(RBR, 1)).toBe(0x42);
    uart.write(THR, 1, 1);
    uart.write(THR, 1, 2); // one-byte holding register is full: overrun
    expect(uart.read(LSR, 1) & 0x02).toBe(0x02);
    expect(uart.read(LSR, 1) & 0x02).toBe(0); // cleared by reading LSR
  });

  it('restores a snapshot to the same registers, FIFO and queue', () => {
    const { uart } = makeUart();
    uart.write(FCR, 1, 0x01);
    uart.write(IER, 1, 0x01);
    uart.write(SCR, 1, 9);
    uart.enqueueInput(Uint8Array.from({ length: 20 }, (_, i) => i + 1));
    uart.read(RBR, 1);
    const snap = structuredClone(uart.snapshot());
    const { uart: copy, irqLevel } = makeUart();
    copy.restore(snap);
    expect(copy.snapshot()).toEqual(snap);
    expect(irqLevel()).toBe(true);
    expect(copy.read(RBR, 1)).toBe(2);
  });
});
