#!/usr/bin/env node
// Boot tests of the kernel's own behaviour on QEMU: boot log, /proc formats,
// crash lines, Ctrl-C, pid 1 respawn, memory sizing, harts, panic exit code.
// Commands are typed only after the shell's "$ " prompt, so timing never
// matters.  Run from guest/ after make:   node kernel/test/kernel-test.mjs
import { spawn } from 'node:child_process';

const IMAGE = 'build/bare-metal.elf';
const PROMPT = '$ ';

// One QEMU session: boot, then feed each step and check what it printed.
class Session {
  constructor(extraArgs) {
    this.out = '';
    this.waiter = null;
    this.qemu = spawn('qemu-system-riscv32', ['-M', 'virt', '-bios', 'none', '-kernel', IMAGE,
      '-serial', 'stdio', '-display', 'none', '-monitor', 'none', ...extraArgs]);
    this.exit = new Promise((resolve) => this.qemu.on('exit', (code) => resolve(code)));
    this.qemu.stdout.on('data', (d) => {
      this.out += d.toString('latin1');
      if (this.waiter) this.waiter();
    });
  }

  // Resolves with the output after `from` once it ends with the prompt (or matches `until`).
  wait(from, until = null, ms = 30000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out; got:\n${this.out.slice(from)}`)), ms);
      this.waiter = () => {
        const text = this.out.slice(from);
        const done = until ? until.test(text) : text.length > 0 && this.out.endsWith(PROMPT);
        if (done) {
          clearTimeout(timer);
          this.waiter = null;
          resolve(until ? text : text.slice(0, -PROMPT.length));
        }
      };
      this.waiter();
    });
  }

  async run(cmd) {
    const from = this.out.length;
    this.qemu.stdin.write(cmd);
    return this.wait(from);
  }
}

let failed = 0;
function check(name, ok, got) {
  if (ok) console.log(`ok   ${name}`);
  else {
    failed++;
    console.log(`FAIL ${name}\n  got ${JSON.stringify(got)}`);
  }
}

async function mainSession() {
  const s = new Session(['-m', '32', '-smp', '2']);
  const boot = await s.wait(0);
  check('boot log names the SBI implementation', /sbi: running on Hyperlab firmware \(bare metal\)/.test(boot), boot);
  check('boot log sizes memory from the device tree', /memory: 32 MiB at 0x80000000/.test(boot), boot);
  check('boot log counts the harts', /harts: 2 \(hart 0 runs the kernel/.test(boot), boot);
  const cases = [
    ['cat /proc/1/stat\n', /^1 \(sh\) [RS] 0 1 \d+ \d+ 0 - 1\r?$/m],
    ['cat /proc/meminfo\n', /^MemTotal: 32768 kB\r?\nMemFree: \d+ kB\r?$/m],
    ['cat /proc/uptime\n', /^\d+\.\d\d 0\.00\r?$/m],
    ['cat /proc/stat\n', /^ctxt \d+\r?\nprocesses \d+\r?\nprocs_running \d+[\s\S]*^trap ecall_u \d+[\s\S]*^trap supervisor_timer \d+/m],
    ['cat /proc/cpuinfo\n', /hart : 1\r?\nisa : rv32ima/],
    ['ls /proc\n', /\b1\b[\s\S]*\bcpuinfo\b/],
    ['uname -a\n', /^Hyperlab hyperlab 0\.1 #1 Hyperlab firmware \(bare metal\) riscv32\r?$/m],
    ['crash\n', /^\[pid \d+ crash\] killed by SIGSEGV: store page fault at 0x00000000, pc 0x[0-9a-f]{8}\r?$/m],
    ['illegal\n', /^\[pid \d+ illegal\] killed by SIGILL: illegal instruction 0x[0-9a-f]{8}, pc 0x[0-9a-f]{8}\r?$/m],
    ['dmesg\n', /^\[ *\d+\.\d{6}\] sbi: running on Hyperlab firmware/m],
    ['cat /dev/null; echo $?\n', /^0\r?$/m],
    ['xl list; echo $?\n', /^xl: cannot open \/dev\/xen\/privcmd: No such file or directory: [^\n]*\r?\n1\r?$/m],
  ];
  for (const [cmd, want] of cases) {
    const got = await s.run(cmd);
    check(cmd.trim(), want.test(got), got);
  }
  // Ctrl-C interrupts the foreground job; the shell survives.
  let from = s.out.length;
  s.qemu.stdin.write('sleep 20\n');
  await new Promise((r) => setTimeout(r, 500));
  s.qemu.stdin.write('\x03');
  let got = await s.wait(from);
  check('Ctrl-C ends sleep', /\^C/.test(got), got);
  got = await s.run('echo $?\n');
  check('SIGINT status', /^130\r?$/m.test(got), got);
  // pid 1 comes back after the shell exits.
  got = await s.run('exit\n');
  check('pid 1 is restarted', /init: sh exited \(status 0x0\), starting it again/.test(got), got);
  from = s.out.length;
  s.qemu.stdin.write('poweroff\n');
  check('poweroff exits QEMU with 0', (await s.exit) === 0, s.out.slice(from));
}

async function panicSession() {
  const s = new Session([]);
  await s.wait(0);
  const from = s.out.length;
  s.qemu.stdin.write('echo x > /proc/panic\n');
  const code = await s.exit;
  const text = s.out.slice(from);
  check('/proc/panic panics', /kernel panic: procfs_write: panic requested/.test(text), text);
  check('a panic exits QEMU with the failure code', code === 1, code);
}

try {
  await mainSession();
  await panicSession();
} catch (e) {
  failed++;
  console.log(`FAIL ${e.message}`);
}
console.log(failed ? `${failed} failed` : 'all passed');
process.exit(failed ? 1 : 0);
