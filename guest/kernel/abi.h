// The user ABI: the shared header (guest/include/hyperlab/abi.h, also used by
// libc) plus the few constants only the kernel needs.
#ifndef ABI_H
#define ABI_H
#include "types.h"
#include <hyperlab/abi.h>

#define AT_REMOVEDIR 0x200
#define AT_EMPTY_PATH 0x1000
#define ECHOE 0x10
#define ECHOK 0x20
#define VKILL 3
#define TCSETSW 0x5403
#define TCSETSF 0x5404
#define REBOOT_CMD_HALT 0xCDEF0123
#define AT_NULL 0
#define AT_PAGESZ 6

// sysinfo(2), 32-bit layout (64 bytes)
struct sysinfo {
  int32 uptime;
  uint32 loads[3];
  uint32 totalram, freeram, sharedram, bufferram, totalswap, freeswap;
  uint16 procs, pad;
  uint32 totalhigh, freehigh, mem_unit;
  char f[8];
};
#endif
