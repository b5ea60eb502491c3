import { describe, expect, it } from 'vitest';
import { packBootModules } from '../../engine/lab/boot-modules';
import { bootHost } from './boot';

const text = (s: string) => new TextEncoder().encode(s);

/** A container's tree from an image directory the boot module brought, or the default tree. */
describe('container images', () => {
  const initrd = packBootModules([
    { path: 'images/tiny/etc/motd', data: text('the tiny image\n') },
    { path: 'images/tiny/srv/data', data: text('42\n') },
  ]);

  it('copies /images/NAME as the root, with /dev, /proc, /tmp and its host name added', () => {
    const host = bootHost(0, initrd);
    expect(host.command('ctr create t --image tiny')).toBe('');
    expect(host.command('ls /containers/t')).toMatch(/^dev +etc +proc +srv +tmp\r?$/m);
    expect(host.command('cat /containers/t/etc/motd /containers/t/etc/hostname')).toBe(
      'the tiny image\r\nt\r\n',
    );
    // The image has no /bin/sh, and the container cannot use the host's.
    expect(host.command('ctr start t')).toMatch(
      /container t: stopped[\s\S]*ctr: t: \/bin\/sh: No such file or directory/,
    );
    expect(host.command('ctr ls')).toMatch(/^t +stopped +0 /m);
  });

  it('refuses an image that does not exist, and builds the default tree from /bin and /etc', () => {
    const host = bootHost(0, initrd);
    expect(host.command('ctr create u --image nope')).toMatch(/No such file or directory/);
    expect(host.command('ctr ls')).not.toMatch(/^u /m);
    host.command('ctr create d');
    expect(host.command('ls /containers/d')).toMatch(/^bin +dev +etc +proc +tmp\r?$/m);
    expect(host.command('ls /containers/d/bin')).toMatch(/\bsh\b/);
  });
});
