#!/bin/sh
# Smoke tests of the user programs under qemu-riscv32 (Linux user-mode
# emulation), runnable before the kernel exists.  Programs that need our
# kernel (exec of our own binaries, nanosleep, newfstatat, /proc in our
# format) are left to the boot tests.  Run from guest/:
#     make -f user/user.mk user-test
set -u
B=build/user
# A clean environment: the host's variables would otherwise fill the shell's table.
Q="env -i HOME=/ qemu-riscv32"
fail=0

# expect NAME EXPECTED-OUTPUT EXPECTED-STATUS -- COMMAND...
expect() {
	name=$1 want=$2 want_rc=$3
	shift 4
	got=$("$@" 2>&1)
	rc=$?
	if [ "$got" != "$want" ] || [ "$rc" != "$want_rc" ]; then
		printf 'FAIL %s\n  want (%s): %s\n  got  (%s): %s\n' "$name" "$want_rc" "$want" "$rc" "$got"
		fail=1
	else
		printf 'ok   %s\n' "$name"
	fi
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'one\ntwo\n' >"$tmp/f"

expect echo "hello  world" 0 -- $Q $B/echo "hello  world"
expect echo-n "x" 0 -- $Q $B/echo -n x
expect true "" 0 -- $Q $B/true
expect false "" 1 -- $Q $B/false
expect cat "one
two" 0 -- $Q $B/cat "$tmp/f"
expect cat-missing "cat: /nope: No such file or directory" 1 -- $Q $B/cat /nope
expect cat-stdin "one
two" 0 -- sh -c "$Q $B/cat < '$tmp/f'"
expect ls-missing "ls: cannot access '/nope': No such file or directory" 2 -- $Q $B/ls /nope
expect kill-bad "kill: (999999) - No such process" 1 -- $Q $B/kill -9 999999
expect uname-bad "uname: invalid option -- 'x'" 1 -- $Q $B/uname -x
expect sleep-bad "sleep: invalid time interval 'abc'" 1 -- $Q $B/sleep abc
expect crash "crash: writing to address 0x0" 139 -- sh -c "$Q $B/crash 2>/dev/null"
expect illegal "illegal: executing the instruction word 0x00000000" 132 -- sh -c "$Q $B/illegal 2>/dev/null"
expect memhog "memhog: got 2048 KiB, the limit asked for" 0 -- sh -c "$Q $B/memhog 2 | tr -d '\r'"
expect bench-cpu "ok" 0 -- sh -c "$Q $B/bench cpu | grep -q '^cpu: [0-9]* cycles/op\$' && echo ok"
expect xl-usage "usage: xl list
       xl create NAME full|pv|bt|hw MEM_MIB
       xl pause|unpause|destroy NAME
       xl sched-credit [-d NAME [-w WEIGHT] [-c CAP]]" 2 -- $Q $B/xl
expect bench-bad "bench: unknown test 'x' (null fork ctxsw pgfault console cpu mem)" 1 -- $Q $B/bench x
expect sh-lists "a
1
yes
b" 0 -- $Q $B/sh -c 'echo a; false; echo $?; false && echo no; true && echo yes || echo no; echo b'
expect sh-notfound "sh: nosuch: not found
127" 0 -- $Q $B/sh -c 'nosuch; echo $?'
expect sh-quotes "a  b \$HOME x\"y" 0 -- $Q $B/sh -c "echo \"a  b\" '\$HOME' x'\"'y"
expect sh-syntax "sh: syntax error near unexpected token \`;'" 2 -- $Q $B/sh -c 'echo a ;; echo b'
expect sh-signal "137" 0 -- $Q $B/sh -c 'sh -c "kill -9 \$\$"; echo $?'
expect sh-export "bar" 0 -- $Q $B/sh -c 'export FOO=bar; echo $FOO'
expect sh-cd "sh: cd: /nope: No such file or directory
1" 0 -- $Q $B/sh -c 'cd /nope; echo $?'
expect sh-exit "" 3 -- $Q $B/sh -c 'exit 3'
exit $fail
