// The kernel log ring buffer, read by syslog(2) (dmesg).
#include "defs.h"

#define DMESG_SIZE 16384

static char ring[DMESG_SIZE];
static uint32 head;   // total bytes ever written

void dmesg_write(const char *s, int n) {
  for (int i = 0; i < n; i++)
    ring[head++ % DMESG_SIZE] = s[i];
}

int dmesg_size(void) { return DMESG_SIZE; }

int dmesg_stored(void) {
  return head < DMESG_SIZE ? (int)head : DMESG_SIZE;
}

// Copies n stored bytes starting at off (0 = oldest stored byte).
void dmesg_copy(char *dst, int off, int n) {
  uint32 from = head - dmesg_stored() + off;
  for (int i = 0; i < n; i++)
    dst[i] = ring[(from + i) % DMESG_SIZE];
}

void dmesg_clear(void) { head = 0; }
