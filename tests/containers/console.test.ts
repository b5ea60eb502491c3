import { describe, expect, it } from 'vitest';
import { bootHost } from './boot';

/** A container's pid 1 on a serial port of its own, as the management agent starts one. */
describe('a container shell on its own console', () => {
  it('runs /bin/sh on /dev/ttyS2, sees only itself there, and stops when it exits', () => {
    const host = bootHost(3);
    host.command('ctr create box --console /dev/ttyS2');
    expect(host.command('ctr start box')).toMatch(/^box: started \/bin\/sh \(host pid \d+\)/);
    host.runUntil(2, (text) => text.endsWith('$ '));
    const port = (line: string) => {
      const before = host.transcripts[2].length;
      host.type(2, `${line}\n`);
      host.runUntil(2, (text) => text.length > before + line.length && text.endsWith('$ '));
      return host.transcripts[2].slice(before + line.length + 2, -2);
    };
    expect(port('ps')).toMatch(
      /^ +PID +PPID S +TIME CMD\r\n +1 +0 S +\d+:\d\d sh\r\n +\d+ +1 R .* ps\r\n$/,
    );
    expect(port('hostname')).toBe('box\r\n');
    expect(port('cat /etc/hostname; ls /')).toMatch(/^box\r\nbin +dev +etc +proc +tmp/);

    // ^C on the container's console reaches its foreground job, not the host's processes.
    host.command('sleep 100 &');
    const hostSleep = host.command('echo $!').trim();
    host.type(2, 'sleep 100\n');
    host.runUntil(2, (text) => text.endsWith('sleep 100\r\n'));
    host.type(2, '\x03');
    host.runUntil(2, (text) => text.endsWith('^C\r\n$ '));
    expect(host.command('ctr ps box')).not.toMatch(/sleep/);
    expect(host.command(`kill -0 ${hostSleep} && echo alive`)).toMatch(/^alive/m);
    expect(host.command('ctr ls')).toMatch(/^box +running +1 /m);

    host.type(2, 'exit\n');
    host.runUntil(0, (text) => /container box: stopped/.test(text));
    expect(host.command('ctr ls')).toMatch(/^box +stopped +0 /m);
  });
});
