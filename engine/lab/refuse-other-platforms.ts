import { GUEST_KIND_FACTS, type Platform } from './guest-kinds';
import type { GuestSpec } from './lab-schema';
import { LabStartError } from './run-lab';

/**
 * Throws for the first guest whose kind runs on another platform than `platform`, before a
 * server starts anything (the validator says the same of a lab file; this guards the factories).
 */
export function refuseOtherPlatforms(platform: Platform, guests: readonly GuestSpec[]): void {
  for (const guest of guests) {
    const kindPlatform = GUEST_KIND_FACTS[guest.kind].platform;
    if (kindPlatform !== platform) {
      throw new LabStartError(
        'guests',
        `"${guest.name}" is a ${guest.kind} guest, which runs on a ${kindPlatform} server`,
      );
    }
  }
}
