import { existsSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';
import { encodeLab } from '../../app/features/keep/share-link';
import { validateLab } from '../../workers/lab-model';

/** The guest images are built by `npm run build:guest`; locally a missing one skips with why. */
export const imagesMissing = ['kernel.elf', 'kernel-pv.elf'].some(
  (name) => !existsSync(`public/images/${name}`),
);
if (imagesMissing && process.env.CI) {
  throw new Error('public/images/kernel*.elf are missing: run npm run build:guest');
}
export const IMAGES_SKIP = 'the guest kernels are not built yet (npm run build:guest)';

/**
 * Opens a lab from a share link: one hypervisor server `xen` (2 harts, 256 MiB, no hardware
 * virtualization) with the given guests of 32 MiB each.
 */
export async function openHypervisorLab(
  page: Page,
  name: string,
  guests: readonly { name: string; kind: 'full' | 'pv' }[],
): Promise<void> {
  const result = validateLab({
    hyperlab: 1,
    name,
    servers: [
      {
        name: 'xen',
        harts: 2,
        memoryMiB: 256,
        hardwareVirtualization: false,
        platform: 'hypervisor',
      },
    ],
    guests: guests.map((guest) => ({ ...guest, server: 'xen', memoryMiB: 32 })),
  });
  if (!result.ok) throw new Error('the test lab is invalid');
  await page.goto(`/#lab=${await encodeLab(result.lab)}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Hyperlab' })).toBeVisible();
}

/** Two pv guests, `left` and `right`. */
export const TWO_PV_GUESTS = [
  { name: 'left', kind: 'pv' },
  { name: 'right', kind: 'pv' },
] as const;
