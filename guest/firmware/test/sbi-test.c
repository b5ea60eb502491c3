// An S-mode conformance test of the SBI surface in docs/sbi.md.  It runs on
// the bare-metal firmware (build/bare-metal-sbi-test.elf) and, loaded at
// 0x8040_0000 as a kernel (build/sbi-test.elf), on any hypervisor that
// claims the same surface.  Prints one line per check and powers off
// through SRST (failure reason if a check failed).
typedef unsigned int uint32;
typedef unsigned long long uint64;

struct sbiret {
  long error, value;
};

static struct sbiret sbi(uint32 eid, uint32 fid, uint32 a0, uint32 a1, uint32 a2) {
  register uint32 r0 asm("a0") = a0;
  register uint32 r1 asm("a1") = a1;
  register uint32 r2 asm("a2") = a2;
  register uint32 r6 asm("a6") = fid;
  register uint32 r7 asm("a7") = eid;
  asm volatile("ecall" : "+r"(r0), "+r"(r1) : "r"(r2), "r"(r6), "r"(r7) : "memory");
  return (struct sbiret){ (long)r0, (long)r1 };
}

#define BASE 0x10
#define TIME 0x54494D45
#define IPI 0x00735049
#define SRST 0x53525354
#define DBCN 0x4442434E
#define HYPERLAB 0x0A484C42
#define SIP_SSIP (1u << 1)
#define SIP_STIP (1u << 5)

static int failures, checks;

static int slen(const char *s) {
  int n = 0;
  while (s[n])
    n++;
  return n;
}

static void puts_(const char *s) {
  sbi(DBCN, 0, slen(s), (uint32)s, 0);
}

static void puthex(uint32 v) {
  char b[11] = "0x";
  for (int i = 0; i < 8; i++)
    b[2 + i] = "0123456789abcdef"[(v >> (28 - 4 * i)) & 0xf];
  b[10] = 0;
  puts_(b);
}

static void putdec(uint32 v) {
  char b[12];
  int i = 11;
  b[i] = 0;
  do {
    b[--i] = '0' + v % 10;
    v /= 10;
  } while (v);
  puts_(b + i);
}

static void check(const char *what, int ok, uint32 got) {
  checks++;
  failures += !ok;
  puts_(ok ? "ok   " : "FAIL ");
  puts_(what);
  puts_(" (");
  puthex(got);
  puts_(")\r\n");
}

static uint64 now(void) {
  uint32 hi, lo;
  do {
    asm volatile("csrr %0, timeh" : "=r"(hi));
    asm volatile("csrr %0, time" : "=r"(lo));
  } while (({ uint32 h2; asm volatile("csrr %0, timeh" : "=r"(h2)); h2; }) != hi);
  return ((uint64)hi << 32) | lo;
}

static uint32 sip(void) {
  uint32 v;
  asm volatile("csrr %0, sip" : "=r"(v));
  return v;
}

static void test_base(void) {
  struct sbiret r = sbi(BASE, 0, 0, 0, 0);
  check("base: spec version >= 2.0", r.error == 0 && r.value >= 0x02000000, r.value);
  r = sbi(BASE, 1, 0, 0, 0);
  check("base: impl id", r.error == 0, r.value);
  r = sbi(BASE, 2, 0, 0, 0);
  check("base: impl version", r.error == 0, r.value);
  static const uint32 exts[] = { 0x01, 0x02, TIME, IPI, SRST, DBCN, HYPERLAB };
  for (int i = 0; i < 7; i++) {
    r = sbi(BASE, 3, exts[i], 0, 0);
    check("base: probe_extension finds a required extension", r.error == 0 && r.value != 0, exts[i]);
  }
  r = sbi(BASE, 3, 0x0AFFFFFF, 0, 0);
  check("base: probe_extension of an unknown EID is 0", r.error == 0 && r.value == 0, r.value);
  for (uint32 fid = 4; fid <= 6; fid++)
    check("base: mvendorid/marchid/mimpid", sbi(BASE, fid, 0, 0, 0).error == 0, fid);
  check("unknown EID: not supported (-2)", sbi(0x0AFFFFFF, 0, 0, 0, 0).error == -2, 0);
}

static void test_console(void) {
  static const char msg[] = "dbcn: console_write\r\n";
  struct sbiret r = sbi(DBCN, 0, sizeof(msg) - 1, (uint32)msg, 0);
  check("dbcn: console_write returns the byte count", r.error == 0 && r.value == sizeof(msg) - 1, r.value);
  r = sbi(DBCN, 2, '!', 0, 0);
  sbi(0x01, 0, '\r', 0, 0);
  sbi(0x01, 0, '\n', 0, 0);
  check("dbcn: console_write_byte, legacy putchar", r.error == 0, 0);
  char buf[8];
  r = sbi(DBCN, 1, sizeof(buf), (uint32)buf, 0);
  check("dbcn: console_read does not block", r.error == 0, r.value);
}

static void test_name(void) {
  char name[64];
  struct sbiret r = sbi(HYPERLAB, 0, (uint32)name, sizeof(name), 0);
  check("hyperlab: get_impl_name", r.error == 0 && r.value > 0 && name[0] != 0, r.value);
  if (r.error == 0) {
    puts_("     name: ");
    puts_(name);
    puts_("\r\n");
  }
  char small[4] = { 'x', 'x', 'x', 'x' };
  r = sbi(HYPERLAB, 0, (uint32)small, 3, 0);
  check("hyperlab: truncates to len-1 and terminates", r.error == 0 && small[2] == 0 && small[3] == 'x', r.value);
  check("hyperlab: len 0 is invalid (-3)", sbi(HYPERLAB, 0, (uint32)small, 0, 0).error == -3, 0);
}

static void test_timer(void) {
  uint64 when = now() + 1000000;   // 100 ms at 10 MHz: long enough to see STIP clear first
  struct sbiret r = sbi(TIME, 0, (uint32)when, (uint32)(when >> 32), 0);
  check("time: set_timer", r.error == 0, 0);
  check("time: STIP clear after set_timer", (sip() & SIP_STIP) == 0, sip());
  uint64 limit = when + 10000000;
  while ((sip() & SIP_STIP) == 0 && now() < limit)
    ;
  check("time: STIP raised after expiry", (sip() & SIP_STIP) != 0, sip());
  check("time: not before the deadline", now() >= when, (uint32)(now() - when));
  sbi(TIME, 0, 0xffffffff, 0xffffffff, 0);
  check("time: set_timer(far future) clears STIP", (sip() & SIP_STIP) == 0, sip());
}

static void test_ipi(uint32 hart) {
  struct sbiret r = sbi(IPI, 0, 1, hart, 0);
  for (int i = 0; i < 1000 && (sip() & SIP_SSIP) == 0; i++)
    ;
  check("ipi: send_ipi to self raises SSIP", r.error == 0 && (sip() & SIP_SSIP) != 0, sip());
  asm volatile("csrc sip, %0" :: "r"(SIP_SSIP));
  check("ipi: SSIP clears", (sip() & SIP_SSIP) == 0, sip());
}

void sbitest_main(uint32 hartid, uint32 dtb) {
  (void)dtb;
  asm volatile("csrw sie, zero");   // poll sip; no traps needed
  puts_("sbi-test: checking the SBI surface of docs/sbi.md\r\n");
  test_base();
  test_console();
  test_name();
  test_timer();
  test_ipi(hartid);
  puts_(failures ? "sbi-test: FAILED " : "sbi-test: PASSED ");
  putdec(checks - failures);
  puts_(" of ");
  putdec(checks);
  puts_("\r\n");
  sbi(SRST, 0, 0, failures ? 1 : 0, 0);
  check("srst: system_reset returned", 0, 0);
}
