/* RV32I register/immediate ALU and the M extension over a table of edge values. Each operation
 * prints an FNV-1a hash of its results over all operand pairs, and the M extension's special
 * cases (division by zero, signed overflow, high products' signs) print explicitly. */
#include "rt.h"

static const u32 vals[] = {0,          1,          2,          3,          0xffffffff, 0xfffffffe,
                           0x7fffffff, 0x80000000, 0x80000001, 0x12345678, 0xfedcba98, 31,
                           32,         33,         0x55555555, 0xaaaaaaaa, 7,          0xfffffff9};
#define NVALS (sizeof vals / sizeof vals[0])

#define RR(op)                                                                                     \
  static u32 op_##op(u32 a, u32 b) {                                                               \
    u32 r;                                                                                         \
    __asm__ volatile(#op " %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));                                \
    return r;                                                                                      \
  }
RR(add) RR(sub) RR(sll) RR(slt) RR(sltu) RR(xor) RR(srl) RR(sra) RR(or) RR(and)
RR(mul) RR(mulh) RR(mulhsu) RR(mulhu) RR(div) RR(divu) RR(rem) RR(remu)

struct rr { const char *name; u32 (*fn)(u32, u32); };
static const struct rr rrs[] = {
    {"add", op_add},   {"sub", op_sub},       {"sll", op_sll},     {"slt", op_slt},
    {"sltu", op_sltu}, {"xor", op_xor},       {"srl", op_srl},     {"sra", op_sra},
    {"or", op_or},     {"and", op_and},       {"mul", op_mul},     {"mulh", op_mulh},
    {"mulhsu", op_mulhsu}, {"mulhu", op_mulhu}, {"div", op_div},   {"divu", op_divu},
    {"rem", op_rem},   {"remu", op_remu},
};

/* Immediate forms, each with a few immediates including the extremes of the 12-bit field. */
#define RI(op, imm)                                                                                \
  static u32 op_##op##_##imm(u32 a) {                                                              \
    u32 r;                                                                                         \
    __asm__ volatile(#op " %0, %1, %2" : "=r"(r) : "r"(a), "i"(IMM_##imm));                        \
    return r;                                                                                      \
  }
#define IMM_0 0
#define IMM_1 1
#define IMM_m1 -1
#define IMM_m2048 -2048
#define IMM_2047 2047
#define IMM_0x555 0x555
#define IMM_31 31
#define IMM_7 7
RI(addi, 0) RI(addi, m1) RI(addi, m2048) RI(addi, 2047)
RI(slti, 0) RI(slti, m1) RI(slti, 2047) RI(slti, m2048)
RI(sltiu, 0) RI(sltiu, 1) RI(sltiu, m1) RI(sltiu, 2047)
RI(xori, m1) RI(xori, 0x555) RI(ori, m2048) RI(ori, 0x555) RI(andi, m1) RI(andi, 0x555) RI(andi, m2048)
RI(slli, 0) RI(slli, 1) RI(slli, 31) RI(srli, 0) RI(srli, 7) RI(srli, 31) RI(srai, 0) RI(srai, 7) RI(srai, 31)

struct ri { const char *name; u32 (*fn)(u32); };
#define E(op, imm) {#op " " #imm, op_##op##_##imm}
static const struct ri ris[] = {
    E(addi, 0), E(addi, m1), E(addi, m2048), E(addi, 2047), E(slti, 0), E(slti, m1), E(slti, 2047),
    E(slti, m2048), E(sltiu, 0), E(sltiu, 1), E(sltiu, m1), E(sltiu, 2047), E(xori, m1), E(xori, 0x555),
    E(ori, m2048), E(ori, 0x555), E(andi, m1), E(andi, 0x555), E(andi, m2048), E(slli, 0), E(slli, 1),
    E(slli, 31), E(srli, 0), E(srli, 7), E(srli, 31), E(srai, 0), E(srai, 7), E(srai, 31),
};

static u32 fnv(u32 h, u32 v) {
  for (int i = 0; i < 4; i++) h = (h ^ ((v >> (8 * i)) & 0xff)) * 0x01000193u;
  return h;
}

static void special_cases(void) {
  static const u32 ds[] = {0, 1, 0x80000000, 0x7fffffff, 0xffffffff, 0x12345678};
  for (unsigned i = 0; i < sizeof ds / sizeof ds[0]; i++) {
    u32 a = ds[i];
    pr("x=%x: div/0=%x divu/0=%x rem/0=%x remu/0=%x div/-1=%x rem/-1=%x\n", a, op_div(a, 0),
       op_divu(a, 0), op_rem(a, 0), op_remu(a, 0), op_div(a, 0xffffffff), op_rem(a, 0xffffffff));
  }
  static const u32 ms[] = {0x80000000, 0x7fffffff, 0xffffffff, 2, 0xfffffffe};
  for (unsigned i = 0; i < 5; i++)
    for (unsigned j = 0; j < 5; j++) {
      u32 a = ms[i], b = ms[j];
      pr("%x*%x: mul=%x mulh=%x mulhsu=%x mulhu=%x\n", a, b, op_mul(a, b), op_mulh(a, b),
         op_mulhsu(a, b), op_mulhu(a, b));
    }
}

static void upper_and_zero(void) {
  u32 a, b, here, z;
  __asm__ volatile("lui %0, 0xfffff" : "=r"(a));
  __asm__ volatile("lui %0, 0x80000" : "=r"(b));
  pr("lui: %x %x\n", a, b);
  __asm__ volatile("1: auipc %0, 0x12345\n la %1, 1b" : "=r"(a), "=r"(here));
  __asm__ volatile("1: auipc %0, 0xfffff\n" : "=r"(b));
  pr("auipc: +%x\n", a - here);
  (void)b;
  __asm__ volatile("addi x0, x0, 5\n lui x0, 0x1\n mv %0, x0" : "=r"(z));
  pr("x0 after writes: %x\n", z);
}

int main(void) {
  puts("alu: register-register\n");
  u32 all = 0x811c9dc5u;
  for (unsigned k = 0; k < sizeof rrs / sizeof rrs[0]; k++) {
    u32 h = 0x811c9dc5u;
    for (unsigned i = 0; i < NVALS; i++)
      for (unsigned j = 0; j < NVALS; j++) h = fnv(h, rrs[k].fn(vals[i], vals[j]));
    pr("%s %x\n", rrs[k].name, h);
    all = fnv(all, h);
  }
  puts("alu: register-immediate\n");
  for (unsigned k = 0; k < sizeof ris / sizeof ris[0]; k++) {
    u32 h = 0x811c9dc5u;
    for (unsigned i = 0; i < NVALS; i++) h = fnv(h, ris[k].fn(vals[i]));
    pr("%s %x\n", ris[k].name, h);
    all = fnv(all, h);
  }
  special_cases();
  upper_and_zero();
  pr("alu: all %x\n", all);
  return 0;
}
