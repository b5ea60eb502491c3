import { beforeAll, describe, expect, it } from 'vitest';
import type { EngineHost } from '../host-os/engine-host';
import { bootHost } from './boot';

/**
 * A container's pid, host-name and root namespaces, and the escapes they refuse: the container
 * sees and signals only its own processes, names itself, and cannot leave its tree.
 */
describe('container namespaces on the engine', () => {
  let host: EngineHost;
  let hostSleep: string;
  beforeAll(() => {
    host = bootHost();
    host.command('ctr create web');
    host.command('ctr start web /bin/sleep 1000');
    host.command('ctr create db');
    host.command('ctr start db /bin/sleep 2000');
    host.command('echo host-only > /etc/secret');
    // Host pids well above any pid the test's container reaches, so a number that names the
    // host's sleep cannot also name a process inside.
    host.command(Array(40).fill('true').join('; '));
    host.command('sleep 100 &');
    hostSleep = host.command('echo $!').trim();
  });

  it('gives the container pid 1 and shows only its processes inside', () => {
    expect(Number(hostSleep)).toBeGreaterThan(40);
    expect(host.command('ctr ls')).toMatch(/^web +running +1 /m);
    const inside = host.command('ctr exec web ps');
    expect(inside).toMatch(/^ +1 +0 S +\d+:\d\d sleep\r?$/m);
    expect(inside).toMatch(/ ps\r?$/m);
    expect(inside).not.toMatch(/ sh\r?$/m);
    expect(host.command('ctr exec web ls /proc')).not.toContain(hostSleep);
    expect(host.command('ctr exec web cat /proc/1/stat')).toMatch(/^1 \(sleep\) S 0 1 /);
  });

  it('shows container processes on the host with their container and their pid inside', () => {
    expect(host.command('ps')).toMatch(/CONTAINER +CMD[\s\S]* web +sleep/);
    expect(host.command('ctr ps web')).toMatch(/^ +\d+ +1 S .* sleep\r?$/m);
  });

  it('refuses to see or signal a host process from inside', () => {
    expect(host.command(`ctr exec web kill -0 ${hostSleep}`)).toMatch(/No such process/);
    expect(host.command(`ctr exec web cat /proc/${hostSleep}/stat`)).toMatch(/No such file/);
    host.command('ctr exec web kill -9 -1');
    expect(host.command(`kill -0 ${hostSleep} && echo alive`)).toMatch(/^alive/m);
  });

  it('refuses to see or signal another container', () => {
    // Inside web, /proc holds web's pid 1 and the ls itself, nothing of db's.
    const listing = host.command('ctr exec web ls /proc').match(/\b\d+\b/g) ?? [];
    expect(listing).toHaveLength(2);
    expect(host.command('ctr exec web ls /containers')).toMatch(/No such file/);
    host.command('ctr exec web kill -9 -1');
    expect(host.command('ctr ls')).toMatch(/^db +running +1 /m);
    expect(host.command('ctr ps db')).toMatch(/^ +\d+ +1 S .* sleep\r?$/m);
  });

  it('keeps a host name of its own', () => {
    host.command('ctr exec web hostname inner');
    expect(host.command('ctr exec web hostname')).toBe('inner\r\n');
    expect(host.command('hostname')).toBe('hyperlab\r\n');
  });

  it('confines paths to its tree: .., absolute paths and cd cannot climb out', () => {
    expect(host.command('ctr exec web cat ../../etc/secret')).toMatch(/No such file/);
    expect(host.command('ctr exec web cat /../../etc/secret')).toMatch(/No such file/);
    expect(host.command('ctr exec web ls /containers')).toMatch(/No such file/);
    expect(host.command("ctr exec web sh -c 'cd /../..; ls'")).toMatch(
      /^bin +dev +etc +proc +tmp/m,
    );
    expect(host.command('cat /containers/web/etc/hostname')).toBe('web\r\n');
  });

  it('keeps the kernel and the other containers out of reach', () => {
    expect(host.command('ctr exec web insmod buggy')).toMatch(/Operation not permitted/);
    expect(host.command('ctr exec web ctr ls')).toMatch(/only the host manages containers/);
    expect(host.command('ctr exec web dmesg')).toMatch(/Operation not permitted/);
    host.command("ctr exec web sh -c 'echo x > /proc/panic'");
    expect(host.command('echo still up')).toBe('still up\r\n');
  });

  it('stops with its pid 1, taking every process in it, and is removed with its tree', () => {
    host.command('ctr exec web sleep 500 &');
    expect(host.command('ctr exec web reboot')).toMatch(/container web: stopped/);
    expect(host.command('ctr ls')).toMatch(/^web +stopped +0 /m);
    expect(host.command('ctr rm web')).toBe('');
    expect(host.command('ctr ls')).not.toMatch(/web/);
    expect(host.command('ctr exec web ps')).toBe('ctr: web: no such container\r\n');
    expect(host.command('ls /containers')).toBe('db\r\n');
  });
});
