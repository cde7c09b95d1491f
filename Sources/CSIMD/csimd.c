// The header holds the inline functions; this file gives the target a translation unit.
#include "csimd.h"
