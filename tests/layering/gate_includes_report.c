/*
 * A gate file that reaches up into the reporters. Compiled with the gate's
 * include path it must fail ("report.h" is not there); compiled with the
 * reporters' it must build. See CMakeLists.txt here.
 */
#include "report.h"

size_t sg_layering_probe(void);

size_t sg_layering_probe(void)
{
	return sizeof(struct sg_text_options);
}
