/*
 * CVSS v3.0 / v3.1 base scores computed from a vector string, exactly as
 * the CVSS v3.1 specification (section 7.1 and Appendix A) defines them,
 * Roundup included. Used to give a severity to advisories that carry only
 * a vector (OSV records' severity[]).
 */
#ifndef SECGATE_CVSS_H
#define SECGATE_CVSS_H

/*
 * The base score of a "CVSS:3.0/..." or "CVSS:3.1/..." vector, in tenths
 * (98 for 9.8) into *tenths. Every base metric must appear exactly once;
 * temporal and environmental metrics are accepted (and do not change the
 * base score), unknown metrics and values are not. Returns 0, or -1 for a
 * vector that is not a valid CVSS v3 vector (no error slot: callers say
 * which record it came from).
 */
int sg_cvss3_base_score(const char *vector, int *tenths);

#endif
