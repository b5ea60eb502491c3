import { FINISHER, printAndPowerOff, UART } from './asm';

/** Small bare-metal programs for the machine and CLI tests, in GNU assembler syntax. */

const powerOff = `li t0, ${FINISHER}; li t1, 0x5555; sw t1, 0(t0); 9: j 9b`;

export const HELLO = printAndPowerOff('hello\n');

export const FAIL_7 = `
_start:
  li t0, ${FINISHER}
  li t1, (7 << 16) | 0x3333
  sw t1, 0(t0)
1: j 1b
`;

export const SPIN = `
_start:
  addi t0, t0, 1
  j _start
`;

/** WFI with every interrupt disabled: nothing can ever wake it. */
export const WFI_FOREVER = `
_start:
  wfi
  j _start
`;

/** Echoes console input by polling LSR.DR until it reads 'q', then powers off. */
const echoPolling = (setup: string) => `
_start:
  li t0, ${UART}
  ${setup}
1: lbu t1, 5(t0)
  andi t1, t1, 1
  beqz t1, 1b
  lbu t2, 0(t0)
  li t3, 'q'
  beq t2, t3, 2f
  sb t2, 0(t0)
  j 1b
2: ${powerOff}
`;

export const ECHO_POLLING = echoPolling('');

/** ECHO_POLLING with the 16-byte FIFOs enabled and reset first (FCR = 0xC7), as a driver does. */
export const ECHO_POLLING_FIFO = echoPolling('li t1, 0xc7; sb t1, 2(t0)');

/** Echoes console input from the UART interrupt (PLIC source 10, hart 0 M context); 'q' powers off. */
export const ECHO_INTERRUPT = `
_start:
  la t0, handler
  csrw mtvec, t0
  li t0, ${UART}
  li t1, 1
  sb t1, 1(t0)
  li t0, 0x0c000000
  li t1, 1
  sw t1, 40(t0)
  li t0, 0x0c002000
  li t1, 1 << 10
  sw t1, 0(t0)
  li t0, 0x0c200000
  sw zero, 0(t0)
  li t0, 0x800
  csrw mie, t0
  csrsi mstatus, 8
1: wfi
  j 1b
.align 2
handler:
  li t0, 0x0c200004
  lw t1, 0(t0)
  li t2, ${UART}
2: lbu t3, 5(t2)
  andi t3, t3, 1
  beqz t3, 3f
  lbu t4, 0(t2)
  li t5, 'q'
  beq t4, t5, 4f
  sb t4, 0(t2)
  j 2b
3: sw t1, 0(t0)
  mret
4: ${powerOff}
`;

/** Arms the timer 1000 ticks ahead, waits in WFI, prints T from the handler and powers off. */
export const TIMER = `
_start:
  la t0, handler
  csrw mtvec, t0
  li t0, 0x0200bff8
  lw t1, 0(t0)
  addi t1, t1, 1000
  li t0, 0x02004000
  li t2, -1
  sw t2, 4(t0)
  sw t1, 0(t0)
  sw zero, 4(t0)
  li t0, 0x80
  csrw mie, t0
  csrsi mstatus, 8
1: wfi
  j 1b
.align 2
handler:
  li t0, ${UART}
  li t1, 'T'
  sb t1, 0(t0)
  ${powerOff}
`;

/**
 * Prints B and counts boots in a RAM word outside the image (RAM survives a reset, as on QEMU);
 * on the first boot waits until mtime has moved 600 ticks, then resets; on the second powers off.
 */
export const RESET_ONCE = `
_start:
  li t0, ${UART}
  li t1, 'B'
  sb t1, 0(t0)
  li t0, 0x80100000
  lw t1, 0(t0)
  addi t1, t1, 1
  sw t1, 0(t0)
  li t2, 2
  bge t1, t2, 2f
  li t0, 0x0200bff8
  lw t1, 0(t0)
  addi t2, t1, 600
1: lw t1, 0(t0)
  bltu t1, t2, 1b
  li t0, ${FINISHER}
  li t1, 0x7777
  sw t1, 0(t0)
2: ${powerOff}
`;

/**
 * Every hart checks a0 = mhartid and that a1 points at a device tree; harts 1.. count in, hart 0
 * waits for all of them, prints a1 in hex and powers off. Fails with code 1 on a bad check.
 */
export const harts = (count: number) => `
_start:
  csrr t0, mhartid
  bne t0, a0, bad
  lw t1, 0(a1)
  li t2, 0xedfe0dd0
  bne t1, t2, bad
  la t3, counter
  bnez a0, follower
  li t4, ${count - 1}
1: lw t5, 0(t3)
  bne t5, t4, 1b
  li t0, ${UART}
  li t2, 28
2: srl t3, a1, t2
  andi t3, t3, 15
  li t4, 10
  blt t3, t4, 3f
  addi t3, t3, 39
3: addi t3, t3, 48
  sb t3, 0(t0)
  addi t2, t2, -4
  bgez t2, 2b
  li t3, 10
  sb t3, 0(t0)
  ${powerOff}
follower:
  li t4, 1
  amoadd.w zero, t4, (t3)
4: wfi
  j 4b
bad:
  li t0, ${FINISHER}
  li t1, (1 << 16) | 0x3333
  sw t1, 0(t0)
5: j 5b
.data
.align 2
counter: .word 0
`;

/**
 * A busier workload for determinism: hart 0 takes 20 timer interrupts, sending hart 1 a software
 * interrupt from each; hart 1 counts them while computing; hart 0 prints the count and stops.
 */
export const TIMERS_AND_IPIS = `
_start:
  csrr t0, mhartid
  bnez t0, second
  la t0, timer_handler
  csrw mtvec, t0
  li s0, 20
  call arm
  li t0, 0x80
  csrw mie, t0
  csrsi mstatus, 8
1: addi s1, s1, 3
  mul s1, s1, s1
  j 1b
arm:
  li t0, 0x0200bff8
  lw t1, 0(t0)
  addi t1, t1, 37
  li t0, 0x02004000
  li t2, -1
  sw t2, 4(t0)
  sw t1, 0(t0)
  sw zero, 4(t0)
  ret
.align 2
timer_handler:
  li t0, 0x02000004
  li t1, 1
  sw t1, 0(t0)
  addi s0, s0, -1
  beqz s0, done
  call arm
  mret
done:
  la t0, count
  lw t1, 0(t0)
  li t0, ${UART}
  addi t1, t1, 48
  sb t1, 0(t0)
  li t1, 10
  sb t1, 0(t0)
  ${powerOff}
second:
  la t0, ipi_handler
  csrw mtvec, t0
  li t0, 0x8
  csrw mie, t0
  csrsi mstatus, 8
2: addi s2, s2, 1
  j 2b
.align 2
ipi_handler:
  li t0, 0x02000004
  sw zero, 0(t0)
  la t0, count
  lw t1, 0(t0)
  addi t1, t1, 1
  sw t1, 0(t0)
  mret
.data
.align 2
count: .word 0
`;

/** One step of REGISTER_PROBE: read (printed in hex), write, or print mip. */
export type Probe =
  readonly ['r8' | 'r32', number] | readonly ['w8' | 'w32', number, number] | readonly ['mip'];

/**
 * Runs `probes` in order, printing every read (and mip) as eight hex digits and a newline, then
 * powers off: the device registers as the guest sees them, to compare with QEMU.
 */
export const registerProbe = (probes: readonly Probe[]) => `
_start:
  la s0, table
  li s1, ${UART}
next:
  lw t0, 0(s0)
  lw t1, 4(s0)
  lw t2, 8(s0)
  addi s0, s0, 12
  li t3, 0
  beq t0, t3, r8
  li t3, 1
  beq t0, t3, r32
  li t3, 2
  beq t0, t3, w8
  li t3, 3
  beq t0, t3, w32
  li t3, 4
  beq t0, t3, mip
  ${powerOff}
r8: lbu a0, 0(t1)
  j print
r32: lw a0, 0(t1)
  j print
w8: sb t2, 0(t1)
  j next
w32: sw t2, 0(t1)
  j next
mip: csrr a0, mip
print:
  li t2, 28
1: srl t3, a0, t2
  andi t3, t3, 15
  li t4, 10
  blt t3, t4, 2f
  addi t3, t3, 39
2: addi t3, t3, 48
  sb t3, 0(s1)
  addi t2, t2, -4
  bgez t2, 1b
  li t3, 10
  sb t3, 0(s1)
  j next
.data
.align 2
table:
${probes
  .map((p) => {
    const kind = { r8: 0, r32: 1, w8: 2, w32: 3, mip: 4 }[p[0]];
    return `  .word ${kind}, ${p[1] ?? 0}, ${p[2] ?? 0}`;
  })
  .join('\n')}
  .word 5, 0, 0
`;

/** Prints a prompt, then sleeps in WFI forever with a 1 ms timer tick, like an idle kernel. */
export const TICKING_IDLE = `
_start:
  la t0, tick
  csrw mtvec, t0
  li t0, ${UART}
  li t1, '>'
  sb t1, 0(t0)
  call arm
  li t0, 0x80
  csrw mie, t0
  csrsi mstatus, 8
1: wfi
  j 1b
arm:
  li t0, 0x0200bff8
  lw t1, 0(t0)
  li t2, 10000
  add t1, t1, t2
  li t0, 0x02004000
  li t2, -1
  sw t2, 4(t0)
  sw t1, 0(t0)
  sw zero, 4(t0)
  ret
.align 2
tick:
  call arm
  mret
`;

/**
 * Hart 1 enables its software interrupt, says it is ready and waits in WFI; hart 0 waits for
 * that, then raises hart 1's MSIP through the CLINT; hart 1's handler prints I and powers off.
 */
export const CROSS_HART_IPI = `
_start:
  la t3, ready
  bnez a0, second
1: lw t1, 0(t3)
  beqz t1, 1b
  li t0, 0x02000004
  li t1, 1
  sw t1, 0(t0)
2: wfi
  j 2b
second:
  la t0, handler
  csrw mtvec, t0
  li t0, 0x8
  csrw mie, t0
  csrsi mstatus, 8
  li t1, 1
  sw t1, 0(t3)
3: wfi
  j 3b
.align 2
handler:
  li t0, ${UART}
  li t1, 'I'
  sb t1, 0(t0)
  li t1, 10
  sb t1, 0(t0)
  ${powerOff}
.data
.align 2
ready: .word 0
`;
