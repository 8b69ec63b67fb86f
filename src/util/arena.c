/*
 * Bump allocation in 1 MiB blocks (larger requests get a block of their
 * own). Nothing is freed until the arena is released.
 */
#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "secgate/arena.h"

#define BLOCK_SIZE ((size_t)1 << 20)

struct sg_arena_block {
	struct sg_arena_block *next;
	size_t used;
	size_t size;
	alignas(max_align_t) unsigned char data[];
};

void sg_arena_init(struct sg_arena *arena)
{
	arena->head = NULL;
	arena->used_bytes = 0;
}

void sg_arena_release(struct sg_arena *arena)
{
	struct sg_arena_block *block = arena->head;

	while (block) {
		struct sg_arena_block *next = block->next;
		free(block);
		block = next;
	}
	arena->head = NULL;
	arena->used_bytes = 0;
}

/* Strings need no alignment: packing them saves ~8 bytes each. */
static void *arena_alloc(struct sg_arena *arena, size_t size, size_t align)
{
	struct sg_arena_block *block = arena->head;
	size_t start, rounded;

	if (size > SIZE_MAX / 2)
		return NULL;
	rounded = size;
	start = block ? (block->used + align - 1) & ~(align - 1) : 0;
	if (!block || start > block->size || block->size - start < rounded) {
		size_t capacity = rounded > BLOCK_SIZE ? rounded : BLOCK_SIZE;

		block = malloc(sizeof(*block) + capacity);
		if (!block)
			return NULL;
		block->used = 0;
		block->size = capacity;
		start = 0;
		/* A big one-off block goes second so the current one keeps filling. */
		if (arena->head && capacity > BLOCK_SIZE) {
			block->next = arena->head->next;
			arena->head->next = block;
		} else {
			block->next = arena->head;
			arena->head = block;
		}
	}
	void *p = block->data + start;
	block->used = start + rounded;
	arena->used_bytes += rounded;
	return p;
}

void *sg_arena_alloc(struct sg_arena *arena, size_t size)
{
	return arena_alloc(arena, size, alignof(max_align_t));
}

void *sg_arena_alloc_bytes(struct sg_arena *arena, size_t size)
{
	return arena_alloc(arena, size, 1);
}

char *sg_arena_strndup(struct sg_arena *arena, const char *s, size_t len)
{
	char *copy;

	if (!s)
		return NULL;
	copy = arena_alloc(arena, len + 1, 1);
	if (!copy)
		return NULL;
	memcpy(copy, s, len);
	copy[len] = '\0';
	return copy;
}

char *sg_arena_strdup(struct sg_arena *arena, const char *s)
{
	return s ? sg_arena_strndup(arena, s, strlen(s)) : NULL;
}
