/*
 * Dates (a suppression's expiry, YYYY-MM-DD in UTC) and durations (a tool's
 * timeout: seconds, or 90s, 5m, 1h).
 */
#include <limits.h>
#include <string.h>

#include "config_internal.h"

#define DAY_SECONDS 86400

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's method). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int sg_parse_expiry(const char *text, int64_t *end_of_day_utc)
{
	static const unsigned mdays[12] = {31, 28, 31, 30, 31, 30,
					   31, 31, 30, 31, 30, 31};
	unsigned y = 0, m, d, last;

	if (!text || strlen(text) != 10 || text[4] != '-' || text[7] != '-')
		return -1;
	for (size_t i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (text[i] < '0' || text[i] > '9'))
			return -1;
	for (size_t i = 0; i < 4; i++)
		y = y * 10 + (unsigned)(text[i] - '0');
	m = (unsigned)(text[5] - '0') * 10 + (unsigned)(text[6] - '0');
	d = (unsigned)(text[8] - '0') * 10 + (unsigned)(text[9] - '0');
	if (y < 1 || m < 1 || m > 12 || d < 1)
		return -1;
	last = mdays[m - 1];
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		last = 29;
	if (d > last)
		return -1;
	/* Exclusive: the first second of the next day, in UTC (no time zone).
	 */
	*end_of_day_utc = (days_from_civil(y, m, d) + 1) * DAY_SECONDS;
	return 0;
}

int sg_parse_duration(const char *text, unsigned *seconds)
{
	unsigned long long v = 0, unit = 1;
	size_t i = 0;

	if (!text)
		return -1;
	for (; text[i] >= '0' && text[i] <= '9'; i++) {
		v = v * 10 + (unsigned long long)(text[i] - '0');
		if (v > UINT_MAX)
			return -1;
	}
	if (i == 0)
		return -1;
	if (text[i]) {
		switch (text[i]) {
		case 's':
			unit = 1;
			break;
		case 'm':
			unit = 60;
			break;
		case 'h':
			unit = 3600;
			break;
		default:
			return -1;
		}
		if (text[i + 1])
			return -1;
	}
	if (v * unit > UINT_MAX)
		return -1;
	*seconds = (unsigned)(v * unit);
	return 0;
}
