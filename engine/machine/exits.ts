/**
 * Why the hart's inner loop (Hart.execute) returned before its instruction limit; the rare paths
 * set `hart.exit` to one of these and the outer loop (Hart.run) acts on it.
 */
export const EXIT_NONE = 0;
/** A system-path instruction (CSR, privileged, illegal, misaligned jump) is at `pc`. */
export const EXIT_SYSTEM = 1;
/** An exception was taken; `pc` is the handler. The faulting instruction did not retire. */
export const EXIT_TRAP = 2;
/** An instruction touched a device: look at interrupt lines and `bus.stopRequested` again. */
export const EXIT_EVENT = 3;
