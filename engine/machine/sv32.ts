/**
 * Sv32 page-table entry bits (privileged spec 4.3.1), shared by the hart's own walk and by the
 * VMM's walks of guest tables and the tables it builds for guests.
 */
export const PTE_V = 1 << 0;
export const PTE_R = 1 << 1;
export const PTE_W = 1 << 2;
export const PTE_X = 1 << 3;
export const PTE_U = 1 << 4;
export const PTE_A = 1 << 6;
export const PTE_D = 1 << 7;
