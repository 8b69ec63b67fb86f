/*
 * Helpers for adapters reading jansson values (see json_util.h).
 */
#include <string.h>

#include "secgate/json_util.h"

/* Strings this short are interned: rule ids, paths, commits repeat a lot. */
#define INTERN_MAX 160

static const char *copy_without_nul(struct sg_findings *set, const char *s,
				    size_t len, size_t cap)
{
	char *out;

	if (len <= INTERN_MAX && !memchr(s, 0, len))
		return sg_findings_intern(set, s, len);
	size_t j = 0;
	int cut = 0;

	if (len > cap) {
		/* Back up to the start of a UTF-8 sequence. */
		len = cap;
		while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
			len--;
		cut = 1;
	}
	out = sg_arena_alloc_bytes(&set->arena, len + 4);
	if (!out)
		return NULL;
	for (size_t i = 0; i < len; i++)
		if (s[i])
			out[j++] = s[i];
	if (cut) {
		memcpy(out + j, "...", 3);
		j += 3;
	}
	out[j] = '\0';
	return out;
}

const char *sg_json_string(struct sg_findings *set, const json_t *value)
{
	if (!json_is_string(value))
		return NULL;
	return copy_without_nul(set, json_string_value(value),
				json_string_length(value), SIZE_MAX - 8);
}

const char *sg_json_text(struct sg_findings *set, const json_t *value)
{
	if (!json_is_string(value))
		return NULL;
	return copy_without_nul(set, json_string_value(value),
				json_string_length(value), SG_TEXT_MAX);
}

const char *sg_json_member_string(struct sg_findings *set, const json_t *obj,
				  const char *key)
{
	return sg_json_string(set, json_object_get(obj, key));
}

const char *sg_json_member_text(struct sg_findings *set, const json_t *obj,
				const char *key)
{
	return sg_json_text(set, json_object_get(obj, key));
}

int sg_json_member_u32(const json_t *obj, const char *key, uint32_t *out)
{
	const json_t *v = json_object_get(obj, key);
	json_int_t n;

	*out = 0;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_integer(v))
		return -1;
	n = json_integer_value(v);
	if (n < 0 || n > (json_int_t)UINT32_MAX)
		return -1;
	*out = (uint32_t)n;
	return 0;
}

const char *sg_copy_string(struct sg_findings *set, const char *s, size_t len)
{
	return s ? copy_without_nul(set, s, len, SIZE_MAX - 8) : NULL;
}

const char *sg_copy_text(struct sg_findings *set, const char *s, size_t len)
{
	return s ? copy_without_nul(set, s, len, SG_TEXT_MAX) : NULL;
}
