/* tests/unit/check.h: the CHECK of a unit test program: counts each
 * assertion in the program's passed and failed (static ints it
 * defines) and prints "FAIL file:line: message" for a failed one. */
#ifndef GOALSHEET_UNIT_CHECK_H
#define GOALSHEET_UNIT_CHECK_H

#include <stdio.h>

#define CHECK(cond, ...)                                                  \
	do {                                                              \
		if (cond) {                                               \
			passed++;                                         \
		} else {                                                  \
			failed++;                                         \
			printf("FAIL %s:%d: ", __FILE__, __LINE__);       \
			printf(__VA_ARGS__);                              \
			printf("\n");                                     \
		}                                                         \
	} while (0)

#endif
