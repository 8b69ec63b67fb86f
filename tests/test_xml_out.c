/*
 * The JUnit report's XML writer (src/report/xml_out.c) against the writer
 * it replaced, libxml2's xmlTextWriter set up as the report set it up
 * (indent on, "  ", a UTF-8 declaration): the same calls must give the
 * same bytes. Hostile values on purpose (every byte, control characters,
 * invalid UTF-8, U+FFFE/U+FFFF, surrogates, "]]>", quotes): neither
 * writer checks characters (report_junit.c cleans them first), so both
 * must escape, or pass through, exactly alike. Then the writer's own
 * contract: a failed write is an error, a call out of place is one.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "test_util.h"
#include "strbuf.h"
#include "xml_out.h"

/* The oracle: libxml2's text writer into a string. */
struct oracle {
	struct sg_strbuf out;
	xmlTextWriterPtr w;
};

static int oracle_write(void *ctx, const char *buf, int len)
{
	sg_strbuf_addn(ctx, buf, (size_t)len);
	return len;
}

static int oracle_close(void *ctx)
{
	(void)ctx;
	return 0;
}

static void oracle_open(struct oracle *o)
{
	xmlOutputBufferPtr buf;

	memset(o, 0, sizeof(*o));
	buf = xmlOutputBufferCreateIO(oracle_write, oracle_close, &o->out,
				      NULL);
	assert_non_null(buf);
	o->w = xmlNewTextWriter(buf);
	assert_non_null(o->w);
	assert_true(xmlTextWriterSetIndent(o->w, 1) >= 0);
	assert_true(xmlTextWriterSetIndentString(o->w, BAD_CAST "  ") >= 0);
	assert_true(xmlTextWriterStartDocument(o->w, "1.0", "UTF-8", NULL) >=
		    0);
}

/* Ours, into a memory stream. */
struct ours {
	char *data;
	size_t len;
	FILE *f;
	struct sg_xml_out x;
};

static void ours_open(struct ours *u)
{
	memset(u, 0, sizeof(*u));
	u->f = open_memstream(&u->data, &u->len);
	assert_non_null(u->f);
	sg_xml_out_init(&u->x, u->f);
	sg_xml_out_declaration(&u->x);
}

/* Both documents finished: the same bytes, or the test fails. */
static void expect_same(struct oracle *o, struct ours *u)
{
	assert_true(xmlTextWriterEndDocument(o->w) >= 0);
	xmlFreeTextWriter(o->w);
	assert_int_equal(sg_xml_out_finish(&u->x), 0);
	sg_xml_out_release(&u->x);
	fclose(u->f);
	assert_false(o->out.failed);
	if (o->out.len != u->len || memcmp(o->out.data, u->data, u->len)) {
		fprintf(stderr, "libxml2:\n%s\nours:\n%s\n", o->out.data,
			u->data);
		fail_msg("the XML writers differ");
	}
	sg_strbuf_release(&o->out);
	free(u->data);
}

static void both_start(struct oracle *o, struct ours *u, const char *name)
{
	assert_true(xmlTextWriterStartElement(o->w, BAD_CAST name) >= 0);
	sg_xml_out_start(&u->x, name);
}

static void both_attr(struct oracle *o, struct ours *u, const char *name,
		      const char *value)
{
	assert_true(xmlTextWriterWriteAttribute(o->w, BAD_CAST name,
						BAD_CAST value) >= 0);
	sg_xml_out_attr(&u->x, name, value);
}

static void both_text(struct oracle *o, struct ours *u, const char *text)
{
	assert_true(xmlTextWriterWriteString(o->w, BAD_CAST text) >= 0);
	sg_xml_out_text(&u->x, text);
}

static void both_end(struct oracle *o, struct ours *u)
{
	assert_true(xmlTextWriterEndElement(o->w) >= 0);
	sg_xml_out_end(&u->x);
}

/* Values no report should carry, but which must not read differently. */
static const char *const hostile[] = {
    "",
    "plain",
    "\"quoted\" 'single' <tag> & &amp; &#10;",
    "]]> ]] > <![CDATA[x]]>",
    "tab\there\nnewline\r\ncrlf\rcr",
    "\x01\x02\x03\x07\x08\x0b\x0c\x0e\x1b[31m\x1f\x7f",
    "caf\xC3\xA9 \xE2\x80\xA6 \xF0\x9F\x94\x91",
    "\xEF\xBF\xBE \xEF\xBF\xBF",       /* U+FFFE, U+FFFF */
    "\xED\xA0\x80 \xED\xBF\xBF",       /* surrogates, as UTF-8 */
    "\x80 \xBF \xC0\xAF \xC3 \xE2\x80 \xF5\x80\x80\x80 \xFF\xFE",
    "\xC2\x85 \xC2\x9B \xE2\x80\xAE \xE2\x81\xA6", /* NEL, CSI, bidi */
    "end with a lone lead byte \xC3",
};

#define N_HOSTILE (sizeof(hostile) / sizeof(hostile[0]))

/* The report's shapes: empty elements, attributes, text bodies. */
static void test_xml_out__report_shapes(void **state)
{
	struct oracle o;
	struct ours u;

	(void)state;
	oracle_open(&o);
	ours_open(&u);
	both_start(&o, &u, "testsuites");
	both_start(&o, &u, "testsuite");
	both_attr(&o, &u, "name", "codeql");
	both_attr(&o, &u, "tests", "2");
	both_start(&o, &u, "properties");
	both_end(&o, &u); /* <properties/> */
	both_start(&o, &u, "testcase");
	both_attr(&o, &u, "name", "a pass");
	both_end(&o, &u);
	both_start(&o, &u, "testcase");
	both_attr(&o, &u, "name", "a failure");
	both_start(&o, &u, "failure");
	both_attr(&o, &u, "message", "HIGH <x>");
	both_text(&o, &u, "rule: r\nmessage\n");
	both_end(&o, &u);
	both_end(&o, &u);
	both_start(&o, &u, "testcase");
	both_start(&o, &u, "skipped");
	both_attr(&o, &u, "message", "no body");
	both_end(&o, &u);
	both_end(&o, &u);
	both_start(&o, &u, "system-out");
	both_text(&o, &u, "1 finding\n");
	both_end(&o, &u);
	both_start(&o, &u, "system-err");
	both_text(&o, &u, ""); /* <system-err></system-err> */
	both_end(&o, &u);
	both_end(&o, &u);
	/* testsuites left open: finishing closes it, as EndDocument does */
	expect_same(&o, &u);
}

/* Every byte, alone and between others, as attribute and as text. */
static void test_xml_out__every_byte(void **state)
{
	struct oracle o;
	struct ours u;
	char value[4];

	(void)state;
	oracle_open(&o);
	ours_open(&u);
	both_start(&o, &u, "bytes");
	for (int c = 1; c < 256; c++) {
		value[0] = 'a';
		value[1] = (char)c;
		value[2] = 'b';
		value[3] = '\0';
		both_start(&o, &u, "b");
		both_attr(&o, &u, "v", value);
		both_attr(&o, &u, "alone", value + 1);
		both_text(&o, &u, value);
		both_end(&o, &u);
	}
	both_end(&o, &u);
	expect_same(&o, &u);
}

static void test_xml_out__hostile_values(void **state)
{
	struct oracle o;
	struct ours u;

	(void)state;
	oracle_open(&o);
	ours_open(&u);
	both_start(&o, &u, "testsuites");
	for (size_t i = 0; i < N_HOSTILE; i++) {
		both_start(&o, &u, "testcase");
		both_attr(&o, &u, "name", hostile[i]);
		both_start(&o, &u, "failure");
		both_attr(&o, &u, "message", hostile[i]);
		both_text(&o, &u, hostile[i]);
		both_end(&o, &u);
		both_end(&o, &u);
	}
	both_end(&o, &u);
	expect_same(&o, &u);
}

static uint32_t next(uint32_t *x)
{
	*x ^= *x << 13, *x ^= *x >> 17, *x ^= *x << 5;
	return *x;
}

/*
 * Random documents: nesting up to 6 deep, attributes, text, and values
 * pieced together from hostile fragments, over many seeds.
 */
static void test_xml_out__generated(void **state)
{
	static const char *const names[] = {"a", "testcase", "failure",
					    "property", "system-out"};
	static const char pieces[] = "ab<>&\"'\r\n\t]]>=; \x01\x7f"
				     "\xC3\xA9\xE2\x80\xA6\xEF\xBF\xBE\xFF";
	uint32_t x = 2463534242u;
	char value[300];

	(void)state;
	for (int round = 0; round < 300; round++) {
		struct oracle o;
		struct ours u;
		int depth = 0;
		bool in_tag = false; /* attributes allowed */

		oracle_open(&o);
		ours_open(&u);
		both_start(&o, &u, "root");
		depth = 1;
		in_tag = true;
		for (int step = 0; step < 80; step++) {
			size_t n = next(&x) % sizeof(value);

			for (size_t i = 0; i < n; i++)
				value[i] = pieces[next(&x) %
						  (sizeof(pieces) - 1)];
			value[n] = '\0';
			switch (next(&x) % 4) {
			case 0:
				if (depth < 6) {
					both_start(&o, &u,
						   names[next(&x) % 5]);
					depth++;
					in_tag = true;
				}
				break;
			case 1:
				if (in_tag)
					both_attr(&o, &u, "v", value);
				break;
			case 2:
				/*
				 * Text then a child element is a shape the
				 * report never writes; keep to text last.
				 */
				both_text(&o, &u, value);
				both_end(&o, &u);
				depth--;
				in_tag = false;
				if (!depth) {
					both_start(&o, &u, "root");
					depth = 1;
					in_tag = true;
				}
				break;
			default:
				both_end(&o, &u);
				depth--;
				in_tag = false;
				if (!depth) {
					both_start(&o, &u, "root");
					depth = 1;
					in_tag = true;
				}
				break;
			}
		}
		expect_same(&o, &u);
	}
}

/* A full disk is an error with its errno, never a short report. */
static void test_xml_out__full_disk_is_an_error(void **state)
{
	FILE *f = fopen("/dev/full", "w");
	struct sg_xml_out x;

	(void)state;
	if (!f) {
		printf("SKIPPED: no /dev/full on this system\n");
		skip();
	}
	sg_xml_out_init(&x, f);
	sg_xml_out_declaration(&x);
	sg_xml_out_start(&x, "testsuites");
	for (int i = 0; i < 20000; i++) {
		sg_xml_out_start(&x, "testcase");
		sg_xml_out_attr(&x, "name", "a testcase name of some length");
		sg_xml_out_end(&x);
	}
	assert_int_equal(sg_xml_out_finish(&x), -1);
	assert_true(x.io_error);
	assert_int_equal(x.err, ENOSPC);
	sg_xml_out_release(&x);
	fclose(f);
}

/* Calls out of place fail the document instead of writing bad XML. */
static void test_xml_out__misuse_fails(void **state)
{
	struct ours u;

	(void)state;
	/* An attribute after text. */
	ours_open(&u);
	sg_xml_out_start(&u.x, "a");
	sg_xml_out_text(&u.x, "text");
	sg_xml_out_attr(&u.x, "late", "value");
	assert_int_equal(sg_xml_out_finish(&u.x), -1);
	assert_false(u.x.io_error);
	sg_xml_out_release(&u.x);
	fclose(u.f);
	free(u.data);

	/* A NULL value, an end with nothing open. */
	ours_open(&u);
	sg_xml_out_start(&u.x, "a");
	sg_xml_out_attr(&u.x, "v", NULL);
	assert_int_equal(sg_xml_out_finish(&u.x), -1);
	sg_xml_out_release(&u.x);
	fclose(u.f);
	free(u.data);

	ours_open(&u);
	sg_xml_out_end(&u.x);
	assert_int_equal(sg_xml_out_finish(&u.x), -1);
	sg_xml_out_release(&u.x);
	fclose(u.f);
	free(u.data);

	/* Deeper than the writer holds: an error, never a cut document. */
	ours_open(&u);
	for (int i = 0; i <= SG_XML_OUT_DEPTH; i++)
		sg_xml_out_start(&u.x, "a");
	assert_int_equal(sg_xml_out_finish(&u.x), -1);
	sg_xml_out_release(&u.x);
	fclose(u.f);
	free(u.data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_xml_out__report_shapes),
	    cmocka_unit_test(test_xml_out__every_byte),
	    cmocka_unit_test(test_xml_out__hostile_values),
	    cmocka_unit_test(test_xml_out__generated),
	    cmocka_unit_test(test_xml_out__full_disk_is_an_error),
	    cmocka_unit_test(test_xml_out__misuse_fails),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
