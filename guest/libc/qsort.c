/* qsort as an insertion sort: the lists sorted here (directory entries,
 * processes) have tens of elements, where simplicity wins. */
#include <stdlib.h>
#include <hyperlab/types.h>

static void swap_bytes(u8 *a, u8 *b, size_t size)
{
	while (size--) {
		u8 t = *a;
		*a++ = *b;
		*b++ = t;
	}
}

void qsort(void *base, size_t n, size_t size,
	   int (*cmp)(const void *, const void *))
{
	u8 *p = base;
	size_t i, j;

	for (i = 1; i < n; i++)
		for (j = i; j > 0 && cmp(p + (j - 1) * size, p + j * size) > 0; j--)
			swap_bytes(p + (j - 1) * size, p + j * size, size);
}
