/* free: memory totals from /proc/meminfo, in KiB, as procps prints them. */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <proc.h>

int main(void)
{
	long total = proc_meminfo("MemTotal");
	long avail = proc_meminfo("MemFree");

	if (total < 0 || avail < 0) {
		fprintf(stderr, "free: /proc/meminfo: %s\n",
			total < 0 && errno ? strerror(errno) : "unreadable");
		return 1;
	}
	printf("%-7s%12s%12s%12s\n", "", "total", "used", "free");
	printf("%-7s%12ld%12ld%12ld\n", "Mem:", total, total - avail, avail);
	return 0;
}
