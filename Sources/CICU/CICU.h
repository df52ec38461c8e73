// Link-only module for the system ICU. Do not import from Swift: see design.md,
// "ICU and Foundation". CICUShim includes the real ICU headers in its .c file.
#include <unicode/uversion.h>
