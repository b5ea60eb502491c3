import type { SessionStep } from '../support/serial';

export interface LabOsStep extends SessionStep {
  /** What the command must print (checked on the engine's transcript). */
  readonly expect?: RegExp;
  /** Its figures depend on timing (ticks, cycles), so the QEMU comparison masks its digits. */
  readonly timing?: boolean;
}

/** A student's first session: every program of the lab OS once, then poweroff. */
export const LAB_OS_SESSION: readonly LabOsStep[] = [
  {
    type: 'uname -a\n',
    expect: /Hyperlab hyperlab 0\.1 #1 Hyperlab firmware \(bare metal\) riscv32/,
  },
  { type: 'hostname\n', expect: /^hyperlab$/m },
  { type: 'hostname lab2 && hostname\n', expect: /^lab2$/m },
  { type: 'echo hello,   world\n', expect: /^hello, world$/m },
  { type: 'cat /etc/motd\n', expect: /Welcome to Hyperlab/ },
  { type: 'ls /bin\n', expect: /\bbench\b[\s\S]*\bpoweroff\b/ },
  { type: 'ls -l /etc\n', expect: /hostname/ },
  { type: 'cat /etc/nope\n', expect: /cat: \/etc\/nope: No such file or directory/ },
  { type: 'ps\n', expect: /PID +PPID +S +TIME +CMD\n(.*\n)*.* sh\r?\n(.*\n)*.* ps/, timing: true },
  { type: 'free\n', expect: /total +used +free/ },
  { type: 'uptime\n', expect: /up/, timing: true },
  { type: 'dmesg\n', expect: /sbi: running on Hyperlab firmware \(bare metal\)/, timing: true },
  { type: 'cat /proc/cpuinfo\n', expect: /isa\s*: rv32ima/ },
  { type: 'cat /proc/meminfo\n', expect: /MemTotal: +\d+ kB/ },
  { type: 'cat /proc/stat\n', expect: /ctxt \d+/, timing: true },
  { type: 'sleep 1 && echo slept\n', expect: /^slept$/m },
  { type: 'true && echo yes\n', expect: /^yes$/m },
  { type: 'false && echo no; echo status $?\n', expect: /^status 1$/m },
  { type: 'nosuch\n', expect: /sh: nosuch: not found/ },
  {
    type: 'crash; echo status $?\n',
    expect: /\[pid \d+ crash\] killed by SIGSEGV: store page fault at 0x00000000(.*\n)*status 139/,
  },
  {
    type: 'illegal; echo status $?\n',
    expect: /\[pid \d+ illegal\] killed by SIGILL: illegal instruction 0x00000000(.*\n)*status 132/,
  },
  { type: 'forkbomb\n', expect: /fork: Resource temporarily unavailable/, timing: true },
  { type: 'memhog\n', expect: /Cannot allocate memory/ },
  { type: 'sleep 50 &\n', expect: /\[\d+\]/ },
  { type: 'kill $!; sleep 1\n', expect: /\[\d+\] done|\[\d+\]/ },
  { type: 'top -n 1\n', expect: /PID/, timing: true },
  { type: 'bench null\n', expect: /^null: \d+ cycles\/op/m, timing: true },
  { type: 'poweroff\n', last: true },
];
