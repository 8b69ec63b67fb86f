#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	char name[32];

	if (argc > 1)
		printf(argv[1]);
	sprintf(name, "%s", getenv("USER"));
	system(name);
	return 0;
}
