#!/usr/bin/env node
// Boot test of the user programs on the real kernel: boots
// build/bare-metal.elf in qemu-system-riscv32, types each command only
// after the shell's "$ " prompt (so timing never matters), and checks
// the command's output against a pattern.  Run from guest/ after make:
//     node user/boot-test.mjs        (or: make -f user/user.mk user-boot-test)
import { spawn } from 'node:child_process';

// [command, pattern its output must match]; output excludes the echo.
const CASES = [
  ['echo hello world', /^hello world$/m],
  ['ls /bin', /\bsh\b[\s\S]*\bbench\b|\bbench\b[\s\S]*\bsh\b/],
  ['ls -l /etc', /^-rw\S+ +\d+ motd$/m],
  ['cat /etc/hostname', /^\S+$/m],
  ['cat /nope; echo $?', /^cat: \/nope: No such file or directory\r?\n1$/m],
  ['nosuch; echo $?', /^sh: nosuch: not found\r?\n127$/m],
  ['false && echo no; true && echo yes', /^yes$/m],
  ['uname -a', /^\S+ \S+ \S+ .* riscv32$/m],
  ['ps', /^ +PID +PPID S +TIME CMD\r?\n +1 +0 S +\d+:\d\d sh$/m],
  ['free', /^Mem: +\d+ +\d+ +\d+$/m],
  ['uptime', /^ up \d+:\d\d:\d\d\.\d\d$/m],
  ['sleep 0.2 && echo slept', /^slept$/m],
  ['sleep 5 &', /^\[\d+\]$/m],
  // The shell reports the reaped job just before its next prompt.
  ['kill -9 $!; sleep 0.1', /^\[\d+\] done$/m],
  ['crash; echo $?', /^139$/m],
  ['illegal; echo $?', /^132$/m],
  ['forkbomb', /^fork: .+\r?\nforkbomb: made \d+ processes before fork failed\r?\nforkbomb: all \d+ children exited$/m],
  ['memhog', /memhog: got \d+ KiB before sbrk failed: Cannot allocate memory/],
  ['top -n 1 | cat', /^top - up .*tasks[\s\S]*PID +PPID/m],
  ['echo x > /etc/t; echo y >> /etc/t; cat < /etc/t | cat', /^x\r?\ny$/m],
  ['bench', /^null: \d+ cycles\/op\r?\nfork: \d+ cycles\/op\r?\nctxsw: \d+ cycles\/op\r?\npgfault: \d+ cycles\/op\r?\n(console bench.*\r?\n)+console: \d+ cycles\/op\r?\ncpu: \d+ cycles\/op\r?\nmem: \d+ cycles\/op$/m],
];

const PROMPT = '$ ';
const qemu = spawn('qemu-system-riscv32', ['-M', 'virt', '-bios', 'none', '-kernel',
  'build/bare-metal.elf', '-serial', 'stdio', '-display', 'none', '-monitor', 'none']);
let out = '';
let waiter = null;
qemu.stdout.on('data', (d) => {
  out += d.toString('latin1');
  if (waiter) waiter();
});

// Resolve with the text after `from` once it ends with the prompt.
function nextPrompt(from, ms = 60000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no prompt; got:\n${out.slice(from)}`)), ms);
    waiter = () => {
      if (out.length > from && out.endsWith(PROMPT)) {
        clearTimeout(timer);
        waiter = null;
        resolve(out.slice(from, out.length - PROMPT.length));
      }
    };
    waiter();
  });
}

let failed = 0;
try {
  await nextPrompt(0);
  for (const [cmd, want] of CASES) {
    const from = out.length;
    qemu.stdin.write(cmd + '\n');
    const text = await nextPrompt(from);
    // Drop the echoed command line itself.
    const got = text.slice(text.indexOf('\n') + 1).replace(/\r?\n$/, '');
    if (want.test(got)) {
      console.log(`ok   ${cmd}`);
    } else {
      failed++;
      console.log(`FAIL ${cmd}\n  want ${want}\n  got  ${JSON.stringify(got)}`);
    }
  }
} catch (e) {
  failed++;
  console.log(`FAIL ${e.message}`);
}
qemu.stdin.write('poweroff\n');
setTimeout(() => qemu.kill(), 3000).unref();
qemu.on('exit', () => process.exit(failed ? 1 : 0));
