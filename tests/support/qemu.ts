import { spawn } from 'node:child_process';
import type { SerialMachine } from './serial';

export interface QemuOptions {
  readonly memoryMiB?: number;
  readonly harts?: number;
  /** Count one virtual nanosecond per instruction, so guest time follows work, not the host. */
  readonly icount?: boolean;
  readonly hypervisorExtension?: boolean;
  /** A boot module file for `-initrd` (QEMU names its place in /chosen). */
  readonly initrd?: string;
}

/**
 * Boots `image` on `qemu-system-riscv32 -M virt -bios none`, the reference machine, with its
 * UART on a pipe. QEMU exits with the finisher's status: 0 for power off, the code for a failure.
 */
export function bootOnQemu(image: string, options: QemuOptions = {}): SerialMachine {
  // QEMU's default rv32 has the H extension; the engine's harts have it only with the feature.
  const cpu = ['-cpu', options.hypervisorExtension ? 'rv32,h=true' : 'rv32,h=false'];
  const args = [
    ['-M', 'virt', '-bios', 'none', '-kernel', image],
    ['-m', `${options.memoryMiB ?? 128}M`, '-smp', String(options.harts ?? 1)],
    ['-display', 'none', '-monitor', 'none', '-serial', 'stdio'],
    options.icount ? ['-icount', 'shift=0'] : [],
    options.initrd ? ['-initrd', options.initrd] : [],
    cpu,
  ].flat();
  const qemu = spawn('qemu-system-riscv32', args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<number>((resolve, reject) => {
    qemu.on('error', reject);
    qemu.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : -1)));
  });
  return {
    onOutput: (listener) => qemu.stdout.on('data', (chunk: Buffer) => listener(chunk)),
    type: (text) => qemu.stdin.write(text),
    exited,
    kill: () => qemu.kill('SIGKILL'),
  };
}
