/*
 * A built-in check that reaches up into the command line. Compiled with
 * the checks layer's include path it must fail ("gate_cli.h" is not
 * there); compiled with the command line's it must build.
 */
#include "gate_cli.h"

size_t sg_layering_probe(void);

size_t sg_layering_probe(void)
{
	return sizeof(struct sg_gate_cli);
}
