import { describe, expect, it } from 'vitest';
import { bootHost } from './boot';

/**
 * Containers share the host's kernel, so a kernel fault takes all of them down: the buggy
 * module faults in S-mode from the timer tick after it loads, the kernel panics with the oops,
 * and the whole server stops.
 */
describe('one kernel, one fate', () => {
  it('stops the whole server, every container with it, after insmod buggy', () => {
    const host = bootHost(3);
    for (const name of ['web', 'db']) {
      host.command(`ctr create ${name}`);
      host.command(`ctr start ${name} /bin/spin`);
    }
    expect(host.command('ctr ls')).toMatch(/^web +running[\s\S]*^db +running/m);
    host.type(0, 'insmod buggy\n');
    let status = host.machine.run(200_000);
    for (let i = 0; i < 1000 && status.kind !== 'failed'; i++) status = host.machine.run(200_000);
    expect(status.kind).toBe('failed');
    const console = host.transcripts[0];
    expect(console).toMatch(/buggy: loaded, timer armed for the next tick/);
    expect(console).toMatch(
      /kernel panic: trap_handler: load_page_fault in kernel at pc 0x804[0-9a-f]{5}, stval 0x00000014/,
    );
    // Nothing runs any more: not the host's shell, not a container's spinner.
    const retired = host.machine.retired;
    expect(host.machine.run(200_000).kind).toBe('failed');
    expect(host.machine.retired).toBe(retired);
  });

  it('lets the host, not a container, load modules, and names unknown ones', () => {
    const host = bootHost();
    expect(host.command('insmod nosuch')).toMatch(/insmod: nosuch: no such module/);
    host.command('ctr create web');
    host.command('ctr start web /bin/sleep 100');
    expect(host.command('ctr exec web insmod buggy')).toMatch(
      /insmod: buggy: Operation not permitted/,
    );
    expect(host.command('echo still up')).toBe('still up\r\n');
  });
});
