/*
 * Settings from the environment (SECGATE_<KEY>) and from command-line
 * flags, over the file and the profile.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_internal.h"

int sg_config_set(struct sg_config *c, const char *key, const char *value,
		  enum sg_origin origin)
{
	char buf[64];
	size_t idx = K_COUNT;
	const char *copy;

	for (size_t i = 0; i < K_COUNT; i++)
		if ((SCALAR_KEYS & (1u << i)) && !strcmp(key, cfg_top_keys[i]))
			idx = i;
	if (idx == K_COUNT)
		return sg_error(SG_EUSAGE, "unknown setting '%s'", key);
	cfg_printable(value, strlen(value), buf, sizeof(buf));
	switch (idx) {
	case K_FAIL_ON:
		if (cfg_threshold_from_text(value, &c->fail_on) < 0)
			return sg_error(
			    SG_EUSAGE,
			    "must be one of " THRESHOLDS ", not '%s'", buf);
		c->fail_on_origin = origin;
		break;
	case K_UNKNOWN_SEVERITY:
		if (cfg_severity_from_text(value, &c->unknown_severity) < 0)
			return sg_error(
			    SG_EUSAGE,
			    "must be one of " SEVERITIES ", not '%s'", buf);
		c->unknown_severity_origin = origin;
		break;
	case K_NEW_ONLY:
	case K_HONOR:
	case K_STRICT: {
		bool b;

		if (cfg_bool_from_text(value, &b) < 0)
			return sg_error(SG_EUSAGE,
					"must be true or false, not '%s'", buf);
		if (idx == K_NEW_ONLY) {
			c->new_only = b;
			c->new_only_origin = origin;
		} else if (idx == K_HONOR) {
			c->honor_producer_suppressions = b;
			c->honor_origin = origin;
		} else {
			c->strict = b;
			c->strict_origin = origin;
		}
		break;
	}
	case K_BASELINE:
		if (!*value)
			return sg_error(SG_EUSAGE, "must not be empty");
		if (!cfg_storage(c))
			return cfg_no_memory();
		copy = sg_arena_strdup(c->storage, value);
		if (!copy)
			return cfg_no_memory();
		c->baseline = copy;
		c->baseline_origin = origin;
		break;
	case K_EXPIRY_WARNING:
	case K_MAX_AGE: {
		unsigned days;

		if (cfg_days_from_text(value, &days) < 0)
			return sg_error(SG_EUSAGE,
					"must be a whole number of "
					"days from 0 to %d, not '%s'",
					MAX_DAYS, buf);
		if (idx == K_EXPIRY_WARNING) {
			c->expiry_warning_days = days;
			c->expiry_warning_origin = origin;
		} else {
			c->baseline_max_age_days = days;
			c->baseline_max_age_origin = origin;
		}
		break;
	}
	}
	return 0;
}

int sg_config_apply_env(struct sg_config *config)
{
	for (size_t i = 0; i < K_COUNT; i++) {
		char var[64];
		const char *value;
		size_t o;

		if (!(SCALAR_KEYS & (1u << i)))
			continue;
		o = (size_t)snprintf(var, sizeof(var), "SECGATE_");
		for (const char *k = cfg_top_keys[i]; *k && o + 1 < sizeof(var);
		     k++)
			var[o++] =
			    (char)(*k >= 'a' && *k <= 'z' ? *k - 32 : *k);
		var[o] = '\0';
		value = getenv(var);
		if (!value || !*value)
			continue; /* CI systems pass unset inputs as "" */
		if (sg_config_set(config, cfg_top_keys[i], value,
				  SG_ORIGIN_ENV)) {
			sg_error_prefix(var);
			return SG_EUSAGE;
		}
	}
	return 0;
}
