/*
 * The SBI surface of docs/sbi.md, shared by the firmware and lkvm (which
 * answer it) and the kernel (which calls it): extension ids (a7), the spec
 * version the base extension reports, and the error codes (a0).
 */
#ifndef HYPERLAB_SBI_H
#define HYPERLAB_SBI_H

#define SBI_EXT_LEGACY_PUTCHAR 0x01
#define SBI_EXT_LEGACY_GETCHAR 0x02
#define SBI_EXT_BASE     0x10
#define SBI_EXT_TIME     0x54494D45   /* "TIME" */
#define SBI_EXT_IPI      0x00735049   /* "sPI" */
#define SBI_EXT_SRST     0x53525354   /* "SRST" */
#define SBI_EXT_DBCN     0x4442434E   /* "DBCN" */
#define SBI_EXT_HYPERLAB 0x0A484C42   /* the Hyperlab name extension */

#define SBI_SPEC_VERSION 0x02000000   /* v2.0 */

#define SBI_SUCCESS            0
#define SBI_ERR_FAILED        (-1)
#define SBI_ERR_NOT_SUPPORTED (-2)
#define SBI_ERR_INVALID_PARAM (-3)

#endif
