#ifndef CMALLOC_SHIM_H
#define CMALLOC_SHIM_H
// glibc's allocator tuning (mallopt), for the edgehouse command only.
#include <malloc.h>
#endif
