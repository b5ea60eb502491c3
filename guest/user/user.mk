# The tiny libc and the user programs of the Hyperlab teaching OS.
#
# Included by guest/Makefile, or used on its own from guest/:
#     make -C guest -f user/user.mk user         # build build/user/<prog>
#     make -C guest -f user/user.mk user-test    # run the qemu-riscv32 tests
#     make -C guest user-boot-test               # boot the kernel, test on it
#     make -C guest -f user/user.mk user-clean
# All paths are relative to guest/.  Defines USER_PROGS, the list of
# built ELF files (build/user/NAME), which the initramfs puts in /bin.
# Builds are reproducible: sorted inputs, no debug info, and no absolute
# paths reach the objects.

USER_CC := clang
USER_LD := ld.lld
USER_CFLAGS := --target=riscv32 -march=rv32ima -mabi=ilp32 -O2 -std=gnu11 \
	-nostdlib -nostdlibinc -ffreestanding -fno-builtin -mno-relax \
	-fno-pic -mcmodel=medlow -ffunction-sections -fdata-sections \
	-fno-asynchronous-unwind-tables -fno-unwind-tables -fno-ident \
	-ffile-prefix-map=$(CURDIR)/= \
	-Wall -Wextra -Werror -Ilibc/include -Iinclude -MMD -MP
USER_LDFLAGS := -m elf32lriscv --no-relax -static --gc-sections \
	--build-id=none -T user/user.ld

# A program is user/NAME.c, or a directory user/NAME/ of several files.
USER_SINGLE := $(sort $(basename $(notdir $(wildcard user/*.c))))
USER_DIRS := $(sort $(patsubst user/%/,%,$(dir $(wildcard user/*/*.c))))
USER_NAMES := $(sort $(USER_SINGLE) $(USER_DIRS))
USER_PROGS := $(addprefix build/user/,$(USER_NAMES))

LIBC_SRCS := $(sort $(wildcard libc/*.c libc/*.S))
LIBC_OBJS := $(patsubst libc/%,build/user/obj/libc/%.o,$(LIBC_SRCS))
USER_OBJS := $(patsubst %,build/user/obj/%.o,$(USER_SINGLE)) \
	$(patsubst user/%.c,build/user/obj/%.o,$(sort $(wildcard user/*/*.c)))

# Keep objects: make would otherwise delete them as intermediates.
.SECONDARY: $(LIBC_OBJS) $(USER_OBJS)

.PHONY: user user-clean user-test user-boot-test
user: $(USER_PROGS)

build/user/obj/libc/%.c.o: libc/%.c user/user.mk
	@mkdir -p $(dir $@)
	$(USER_CC) $(USER_CFLAGS) -c $< -o $@

build/user/obj/libc/%.S.o: libc/%.S user/user.mk
	@mkdir -p $(dir $@)
	$(USER_CC) $(USER_CFLAGS) -c $< -o $@

build/user/obj/%.o: user/%.c user/user.mk
	@mkdir -p $(dir $@)
	$(USER_CC) $(USER_CFLAGS) -c $< -o $@

build/user/%: build/user/obj/%.o $(LIBC_OBJS) user/user.ld
	@mkdir -p $(dir $@)
	$(USER_LD) $(USER_LDFLAGS) -o $@ $< $(LIBC_OBJS)

# Programs made of a directory link all its objects, in sorted order.
define USER_DIR_PROG
build/user/$(1): $(patsubst user/%.c,build/user/obj/%.o,$(sort $(wildcard user/$(1)/*.c))) $(LIBC_OBJS) user/user.ld
	@mkdir -p $$(dir $$@)
	$$(USER_LD) $$(USER_LDFLAGS) -o $$@ $$(filter %.o,$$^)
endef
$(foreach d,$(USER_DIRS),$(eval $(call USER_DIR_PROG,$(d))))

user-test: $(USER_PROGS)
	sh user/test.sh

# Needs the colleague's image, so only from guest/Makefile.
user-boot-test: build/bare-metal.elf
	node user/boot-test.mjs

user-clean:
	rm -rf build/user

-include $(wildcard build/user/obj/*.d build/user/obj/*/*.d)
