import { MMIO_FAULT, type MmioDevice } from './device';

// Register offsets (reg-shift 0, as on QEMU virt). DLAB in LCR turns 0 and 1 into the divisor.
const RBR_THR_DLL = 0;
const IER_DLM = 1;
const IIR_FCR = 2;
const LCR = 3;
const MCR = 4;
const LSR = 5;
const MSR = 6;
const SCR = 7;

const IER_RDI = 0x01; // receive data available
const IER_THRI = 0x02; // transmit holding register empty
const IER_RLSI = 0x04; // receiver line status
const IER_MSI = 0x08; // modem status

const IIR_NO_INT = 0x01;
const IIR_MSI = 0x00;
const IIR_THRI = 0x02;
const IIR_RDI = 0x04;
const IIR_RLSI = 0x06;
const IIR_CTI = 0x0c;
const IIR_FIFO_ENABLED = 0xc0;

const FCR_FIFO_ENABLE = 0x01;
const FCR_CLEAR_RX = 0x02;

const LCR_DLAB = 0x80;
const MCR_LOOPBACK = 0x10;

const LSR_DR = 0x01;
const LSR_OE = 0x02;
const LSR_BI = 0x10;
const LSR_THRE = 0x20;
const LSR_TEMT = 0x40;
const LSR_ERRORS = 0x1e;

/** QEMU's idle modem lines with no real port behind them: carrier, data set ready, clear to send. */
const MSR_IDLE = 0xb0;
const MSR_DELTAS = 0x0f;

export const UART_FIFO_BYTES = 16;
const RX_TRIGGER_LEVELS = [1, 4, 8, 14] as const;

export interface UartState {
  ier: number;
  lcr: number;
  mcr: number;
  lsr: number;
  msr: number;
  scr: number;
  fcr: number;
  divisor: number;
  thrInterruptPending: boolean;
  rxFifo: number[];
  hostQueue: number[];
  bytesTransmitted: number;
  bytesReceived: number;
}

/**
 * An ns16550a UART as QEMU models it. Transmission is instantaneous: every byte written to THR
 * goes straight to `sink` and THR is empty again at once. Reception comes from a host-side queue
 * that tops up the receive FIFO as the guest drains it, like a serial line with flow control:
 * input is never dropped and the FIFO never overruns, however much the host types or pastes.
 *
 * Where the guest cannot tell time apart (the character timeout), the line is as fast as the
 * guest reads: data below the FIFO trigger level reports a character timeout at once.
 */
export class Uart16550 implements MmioDevice<UartState> {
  private ier = 0;
  private lcr = 0;
  private mcr = 0;
  private lsr = 0;
  private msr = 0;
  private scr = 0;
  private fcr = 0;
  private divisor = 0;
  private thrInterruptPending = false;
  private irqLevel = false;

  // The receive FIFO is a ring of 16 bytes; with the FIFO disabled only one byte is used.
  private readonly rx = new Uint8Array(UART_FIFO_BYTES);
  private rxHead = 0;
  private rxCount = 0;

  // The host queue grows when the host sends more than fits; it is the only place that allocates.
  private host = new Uint8Array(256);
  private hostHead = 0;
  private hostCount = 0;

  bytesTransmitted = 0;
  bytesReceived = 0;
  /** Guest accesses, for the lab's MMIO statistics. */
  reads = 0;
  writes = 0;

  /**
   * @param sink receives every transmitted byte (the terminal).
   * @param setIrq drives the interrupt line (PLIC source UART0_IRQ).
   * @param name names the device in MMIO statistics (a host-OS server's extra ports are ttySn).
   */
  constructor(
    private sink: (byte: number) => void,
    private readonly setIrq: (level: boolean) => void,
    readonly name: string = 'uart0',
  ) {
    this.reset();
  }

  /** Replaces the output sink (the terminal may attach after the machine is built). */
  setSink(sink: (byte: number) => void): void {
    this.sink = sink;
  }

  /** Power-on state, as QEMU's serial_reset. Input not yet read by the guest survives a reset. */
  reset(): void {
    this.ier = 0;
    this.lcr = 0;
    this.mcr = 0x08; // OUT2, as QEMU
    this.lsr = LSR_TEMT | LSR_THRE;
    this.msr = MSR_IDLE;
    this.scr = 0;
    this.fcr = 0;
    this.divisor = 0x0c;
    this.thrInterruptPending = false;
    this.returnFifoToHost();
    this.refillFromHost();
    this.updateIrq();
  }

  /** Queues bytes typed or piped by the host; they reach the guest as it drains the FIFO. */
  enqueueInput(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.ensureHostCapacity(this.hostCount + bytes.length);
    const mask = this.host.length - 1;
    for (let i = 0; i < bytes.length; i++) {
      this.host[(this.hostHead + this.hostCount + i) & mask] = bytes[i];
    }
    this.hostCount += bytes.length;
    this.refillFromHost();
    this.updateIrq();
  }

  /** Bytes the host has queued that the guest has not yet read (host queue plus FIFO). */
  pendingInput(): number {
    return this.hostCount + this.rxCount;
  }

  read(offset: number, width: 1 | 2 | 4): number {
    this.reads++;
    if ((offset & (width - 1)) !== 0) return MMIO_FAULT;
    // QEMU decodes only the low three address bits and answers any width with the byte.
    switch (offset & 7) {
      case RBR_THR_DLL:
        if (this.lcr & LCR_DLAB) return this.divisor & 0xff;
        return this.readRbr();
      case IER_DLM:
        if (this.lcr & LCR_DLAB) return (this.divisor >>> 8) & 0xff;
        return this.ier;
      case IIR_FCR:
        return this.readIir();
      case LCR:
        return this.lcr;
      case MCR:
        return this.mcr;
      case LSR: {
        const value = this.lsr;
        // Reading LSR clears the sticky error bits, as on the real part.
        if (value & (LSR_OE | LSR_BI)) {
          this.lsr &= ~(LSR_OE | LSR_BI);
          this.updateIrq();
        }
        return value;
      }
      case MSR:
        return this.readMsr();
      case SCR:
        return this.scr;
      default:
        return 0; // unreachable: offset & 7 is one of the eight above
    }
  }

  write(offset: number, width: 1 | 2 | 4, value: number): boolean {
    this.writes++;
    if ((offset & (width - 1)) !== 0) return false;
    const byte = value & 0xff;
    switch (offset & 7) {
      case RBR_THR_DLL:
        if (this.lcr & LCR_DLAB) this.divisor = (this.divisor & 0xff00) | byte;
        else this.writeThr(byte);
        break;
      case IER_DLM:
        if (this.lcr & LCR_DLAB) this.divisor = (this.divisor & 0x00ff) | (byte << 8);
        else this.writeIer(byte);
        break;
      case IIR_FCR:
        this.writeFcr(byte);
        break;
      case LCR:
        this.lcr = byte;
        break;
      case MCR:
        this.mcr = byte & 0x1f;
        break;
      case LSR:
      case MSR:
        break; // read-only on the 16550; writes are ignored
      case SCR:
        this.scr = byte;
        break;
    }
    return true;
  }

  snapshot(): UartState {
    const rxFifo: number[] = [];
    for (let i = 0; i < this.rxCount; i++)
      rxFifo.push(this.rx[(this.rxHead + i) % UART_FIFO_BYTES]);
    const hostQueue: number[] = [];
    const mask = this.host.length - 1;
    for (let i = 0; i < this.hostCount; i++) hostQueue.push(this.host[(this.hostHead + i) & mask]);
    return {
      ier: this.ier,
      lcr: this.lcr,
      mcr: this.mcr,
      lsr: this.lsr,
      msr: this.msr,
      scr: this.scr,
      fcr: this.fcr,
      divisor: this.divisor,
      thrInterruptPending: this.thrInterruptPending,
      rxFifo,
      hostQueue,
      bytesTransmitted: this.bytesTransmitted,
      bytesReceived: this.bytesReceived,
    };
  }

  restore(state: UartState): void {
    this.ier = state.ier;
    this.lcr = state.lcr;
    this.mcr = state.mcr;
    this.lsr = state.lsr;
    this.msr = state.msr;
    this.scr = state.scr;
    this.fcr = state.fcr;
    this.divisor = state.divisor;
    this.thrInterruptPending = state.thrInterruptPending;
    this.rxHead = 0;
    this.rxCount = state.rxFifo.length;
    this.rx.set(state.rxFifo);
    this.hostHead = 0;
    this.hostCount = 0;
    this.enqueueInput(Uint8Array.from(state.hostQueue));
    this.bytesTransmitted = state.bytesTransmitted;
    this.bytesReceived = state.bytesReceived;
    this.updateIrq();
  }

  private readRbr(): number {
    if (this.rxCount === 0) return 0;
    const byte = this.rx[this.rxHead];
    this.rxHead = (this.rxHead + 1) % UART_FIFO_BYTES;
    this.rxCount--;
    this.bytesReceived++;
    this.refillFromHost();
    this.updateIrq();
    return byte;
  }

  private readIir(): number {
    const id = this.interruptId();
    // Reading IIR while it reports "THR empty" acknowledges that interrupt (16550 datasheet).
    if (id === IIR_THRI) {
      this.thrInterruptPending = false;
      this.updateIrq();
    }
    return id | (this.fcr & FCR_FIFO_ENABLE ? IIR_FIFO_ENABLED : 0);
  }

  private readMsr(): number {
    if (this.mcr & MCR_LOOPBACK) {
      // In loopback the modem inputs follow the modem outputs: RTS->CTS, DTR->DSR, OUT1->RI, OUT2->DCD.
      const m = this.mcr;
      return ((m & 0x02) << 3) | ((m & 0x01) << 5) | ((m & 0x04) << 4) | ((m & 0x08) << 4);
    }
    const value = this.msr;
    this.msr &= ~MSR_DELTAS;
    return value;
  }

  private writeThr(byte: number): void {
    if (this.mcr & MCR_LOOPBACK) {
      // The byte comes straight back to our own receiver; the guest chose this, so a full FIFO
      // overruns as on the real part.
      if (this.rxCount < this.rxCapacity()) this.pushRx(byte);
      else this.lsr |= LSR_OE;
    } else {
      this.bytesTransmitted++;
      this.sink(byte);
    }
    // Transmission is instantaneous: THR is empty again, and that is an interrupt event.
    this.lsr |= LSR_THRE | LSR_TEMT;
    this.thrInterruptPending = true;
    this.updateIrq();
  }

  private writeIer(byte: number): void {
    const changed = (this.ier ^ byte) & 0x0f;
    this.ier = byte & 0x0f;
    // Enabling the THR interrupt while THR is empty raises it (QEMU and Windows rely on this).
    if (changed & IER_THRI)
      this.thrInterruptPending = (this.ier & IER_THRI) !== 0 && (this.lsr & LSR_THRE) !== 0;
    this.updateIrq();
  }

  private writeFcr(byte: number): void {
    const toggled = ((this.fcr ^ byte) & FCR_FIFO_ENABLE) !== 0;
    if (toggled || byte & FCR_CLEAR_RX) this.returnFifoToHost();
    this.fcr = byte & 0xc9;
    this.refillFromHost();
    this.updateIrq();
  }

  /**
   * A FIFO reset discards received bytes on the real part. Here those bytes came from the host
   * queue the guest has not read yet, so they go back to its front: a guest that resets its
   * FIFO at start-up does not lose what the user typed (or `--input` queued) before it was ready.
   */
  private returnFifoToHost(): void {
    if (this.rxCount === 0) return;
    this.ensureHostCapacity(this.hostCount + this.rxCount);
    const mask = this.host.length - 1;
    for (let i = this.rxCount - 1; i >= 0; i--) {
      this.hostHead = (this.hostHead - 1) & mask;
      this.host[this.hostHead] = this.rx[(this.rxHead + i) % UART_FIFO_BYTES];
    }
    this.hostCount += this.rxCount;
    this.rxHead = 0;
    this.rxCount = 0;
    this.lsr &= ~LSR_DR;
  }

  private rxCapacity(): number {
    return this.fcr & FCR_FIFO_ENABLE ? UART_FIFO_BYTES : 1;
  }

  private pushRx(byte: number): void {
    this.rx[(this.rxHead + this.rxCount) % UART_FIFO_BYTES] = byte;
    this.rxCount++;
    this.lsr |= LSR_DR;
  }

  private refillFromHost(): void {
    // No host input reaches a receiver in loopback: its input is its own transmitter.
    if (this.mcr & MCR_LOOPBACK) return;
    const capacity = this.rxCapacity();
    const mask = this.host.length - 1;
    while (this.hostCount > 0 && this.rxCount < capacity) {
      this.pushRx(this.host[this.hostHead]);
      this.hostHead = (this.hostHead + 1) & mask;
      this.hostCount--;
    }
    if (this.rxCount === 0) this.lsr &= ~LSR_DR;
  }

  private ensureHostCapacity(needed: number): void {
    if (needed <= this.host.length) return;
    let size = this.host.length;
    while (size < needed) size *= 2;
    const grown = new Uint8Array(size);
    const mask = this.host.length - 1;
    for (let i = 0; i < this.hostCount; i++) grown[i] = this.host[(this.hostHead + i) & mask];
    this.host = grown;
    this.hostHead = 0;
  }

  /** The IIR interrupt identification, in the 16550's priority order. */
  private interruptId(): number {
    if (this.ier & IER_RLSI && this.lsr & LSR_ERRORS) return IIR_RLSI;
    if (this.ier & IER_RDI && this.lsr & LSR_DR) {
      if (!(this.fcr & FCR_FIFO_ENABLE)) return IIR_RDI;
      return this.rxCount >= RX_TRIGGER_LEVELS[this.fcr >>> 6] ? IIR_RDI : IIR_CTI;
    }
    if (this.ier & IER_THRI && this.thrInterruptPending) return IIR_THRI;
    if (this.ier & IER_MSI && this.msr & MSR_DELTAS) return IIR_MSI;
    return IIR_NO_INT;
  }

  /**
   * Drives the interrupt line after every change of state, asserting it again even when it was
   * already high, as QEMU's serial_update_irq does: the PLIC latches each assertion as pending.
   */
  private updateIrq(): void {
    const level = this.interruptId() !== IIR_NO_INT;
    if (level || level !== this.irqLevel) this.setIrq(level);
    this.irqLevel = level;
  }
}
