/*
 * malloc on brk.  The heap is one run of blocks, each with a header that
 * holds its size and whether it is in use.  Programs here are small and
 * short-lived, so a first-fit walk over all blocks is fast enough and
 * keeps the allocator easy to read; free neighbours merge during walks.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <hyperlab/types.h>

struct block {
	u32 size;      /* bytes including this header, multiple of 8 */
	u32 used;
};

static struct block *heap_start;
static struct block *heap_end;

#define HDR ((u32)sizeof(struct block))

static struct block *next_block(struct block *b)
{
	return (struct block *)((char *)b + b->size);
}

/* Merge b with the free blocks that follow it; b is free. */
static void coalesce(struct block *b)
{
	struct block *n = next_block(b);

	while (n < heap_end && !n->used) {
		b->size += n->size;
		n = next_block(b);
	}
}

/* Grow the heap by at least size bytes; returns the new free block. */
static struct block *grow(u32 size)
{
	u32 chunk = size < 16384 ? 16384 : size;
	struct block *b = sbrk((long)chunk);

	if (b == (void *)-1)
		return NULL;
	if (!heap_start)
		heap_start = b;
	b->size = chunk;
	b->used = 0;
	heap_end = next_block(b);
	return b;
}

/* Split b so it is exactly size bytes, if the rest is worth a block. */
static void split(struct block *b, u32 size)
{
	if (b->size - size >= 2 * HDR) {
		struct block *rest = (struct block *)((char *)b + size);
		rest->size = b->size - size;
		rest->used = 0;
		b->size = size;
	}
}

void *malloc(size_t n)
{
	u32 size;
	struct block *b;

	if (n > 0x40000000u)
		return NULL;
	size = ((u32)n + HDR + 7) & ~7u;
	for (b = heap_start; b && b < heap_end; b = next_block(b)) {
		if (b->used)
			continue;
		coalesce(b);
		if (b->size >= size)
			break;
	}
	if (!b || b >= heap_end) {
		b = grow(size);
		if (!b)
			return NULL;
	}
	split(b, size);
	b->used = 1;
	return b + 1;
}

void free(void *p)
{
	struct block *b;

	if (!p)
		return;
	b = (struct block *)p - 1;
	b->used = 0;
	coalesce(b);
}

void *calloc(size_t count, size_t size)
{
	size_t n = count * size;
	void *p;

	if (size && n / size != count)
		return NULL;
	p = malloc(n);
	if (p)
		memset(p, 0, n);
	return p;
}

void *realloc(void *p, size_t n)
{
	struct block *b;
	void *q;

	if (!p)
		return malloc(n);
	b = (struct block *)p - 1;
	if (b->size - HDR >= n)
		return p;
	q = malloc(n);
	if (q) {
		memcpy(q, p, b->size - HDR);
		free(p);
	}
	return q;
}
