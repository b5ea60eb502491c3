import { describe, expect, it } from 'vitest';
import { bootHost, busyCommand, cpuSeconds } from './boot';

/** Resource limits: memory, process count, CPU weight and quota, and nice on the host. */
describe('container limits on the engine', () => {
  it('fails allocations over the memory limit inside the container only', () => {
    const host = bootHost();
    host.command('ctr create small --mem 2');
    host.command('ctr start small /bin/sleep 1000');
    expect(host.command('ctr exec small free')).toMatch(/^Mem: +2048 +\d+ +\d+\r?$/m);
    const inside = host.command('ctr exec small memhog');
    expect(inside).toMatch(/container small: memory limit of 2048 KiB reached/);
    expect(inside).toMatch(/memhog: got 19\d\d KiB before sbrk failed: Cannot allocate memory/);
    expect(host.command('memhog 8')).toMatch(/memhog: got 8192 KiB, the limit asked for/);
  });

  it('counts the files its processes write against its memory, not the host memory', () => {
    const host = bootHost();
    host.command('ctr create small --mem 1');
    host.command('ctr start small /bin/sleep 1000');
    const eight = Array(8).fill('/bin/sh').join(' ');
    let out = '';
    for (let i = 0; i < 6 && !/No space left on device/.test(out); i++)
      out = host.command(`ctr exec small sh -c 'cat ${eight} >> /tmp/big'`);
    expect(out).toMatch(/cat: write error: No space left on device/);
    const size = Number(/(\d+) big/.exec(host.command('ctr exec small ls -l /tmp'))?.[1]);
    expect(size).toBeGreaterThan(512 * 1024);
    expect(size).toBeLessThan(1024 * 1024);
    expect(host.command(`cat ${eight} ${eight} > /big; ls -l /big`)).toMatch(/ 5\d{5} \/big/);
  });

  it('fails fork with EAGAIN over the process limit', () => {
    const host = bootHost();
    host.command('ctr create few --pids 4');
    host.command('ctr start few /bin/sleep 1000');
    const inside = host.command('ctr exec few forkbomb');
    expect(inside).toMatch(/fork: Resource temporarily unavailable/);
    expect(inside).toMatch(/forkbomb: made 2 processes before fork failed/);
    expect(host.command('sleep 1 && echo host forks')).toMatch(/^host forks/m);
  });

  it('leaves the host process slots that no container can take', () => {
    const host = bootHost();
    host.command('ctr create open');
    host.command('ctr start open /bin/sleep 1000');
    const made = (out: string) => Number(/forkbomb: made (\d+) processes/.exec(out)?.[1]);
    const inside = made(host.command('ctr exec open forkbomb'));
    const onHost = made(host.command('forkbomb'));
    expect(inside).toBeGreaterThan(10);
    // The four reserved slots, and the one of the ctr that waits for the container's forkbomb.
    expect(onHost - inside).toBe(5);
  });

  it('shares the CPU by container weight, and caps a container at its quota', () => {
    const host = bootHost();
    busyCommand(host, 'ctr create heavy --cpus 300');
    busyCommand(host, 'ctr create light --cpus 100');
    busyCommand(host, 'ctr create capped --cpu-quota 20');
    busyCommand(host, 'ctr start heavy /bin/spin');
    busyCommand(host, 'ctr start light /bin/spin');
    busyCommand(host, 'sleep 0.3');
    const weighted = busyCommand(host, 'ctr ls');
    const ratio = cpuSeconds(weighted, 'heavy') / cpuSeconds(weighted, 'light');
    expect(ratio).toBeGreaterThan(2.5);
    expect(ratio).toBeLessThan(3.5);
    busyCommand(host, 'ctr stop heavy; ctr stop light');
    busyCommand(host, 'ctr start capped /bin/spin');
    busyCommand(host, 'sleep 0.5');
    // Alone on an otherwise idle CPU it could take everything; the quota leaves it 20 %.
    const share = cpuSeconds(busyCommand(host, 'ctr ls'), 'capped') / 0.5;
    expect(share).toBeGreaterThan(0.15);
    expect(share).toBeLessThan(0.3);
  });

  it('weighs host processes by nice: 1.25 per step', () => {
    const host = bootHost();
    const out = busyCommand(host, 'nice -n 5 spin 0.2 & spin 0.2; sleep 0.1');
    const [first, second] = [...out.matchAll(/spin: (\d+) thousand steps/g)].map((m) =>
      Number(m[1]),
    );
    // The nice 0 spinner ends first; 1.25^5 is about 3.05.
    expect(first / second).toBeGreaterThan(2.5);
    expect(first / second).toBeLessThan(3.6);
    expect(busyCommand(host, 'nice -n 3 nice')).toBe('3\r\n');
  });

  it('renices a running process by its pid, as a student does to a VM already running', () => {
    const host = bootHost();
    busyCommand(host, 'sleep 5 &');
    const sleeper = /^\s*(\d+)\s.*\bsleep\b/m.exec(busyCommand(host, 'ps'));
    expect(sleeper).not.toBeNull();
    const pid = sleeper?.[1] ?? '';
    expect(busyCommand(host, `renice -n 7 -p ${pid}`)).toBe(
      `${pid} (process ID) old priority 0, new priority 7\r\n`,
    );
    expect(busyCommand(host, 'renice -n 1 -p 999')).toBe('renice: 999: No such process\r\n');
  });
});
