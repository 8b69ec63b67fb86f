/*
 * An adapter that reaches into the configuration. Adapters compile against
 * include/secgate/ alone: with their include path this must fail
 * ("config.h" is not there); with the configuration's it must build. See
 * CMakeLists.txt here.
 */
#include "config.h"

size_t sg_layering_probe(void);

size_t sg_layering_probe(void)
{
	return sizeof(struct sg_config);
}
