/*
 * A model file that reaches up into the gate. Compiled with the model's
 * include path it must fail ("pipeline.h" is not there); compiled with the
 * gate's it must build, which proves the header name and the code are
 * right and only the layer differs. See CMakeLists.txt here.
 */
#include "pipeline.h"

size_t sg_layering_probe(void);

size_t sg_layering_probe(void)
{
	return sizeof(struct sg_pipeline);
}
