#ifndef CLINUXIO_SHIM_H
#define CLINUXIO_SHIM_H
// Linux's sync_file_range(2): glibc declares it only under _GNU_SOURCE, which the Swift Glibc
// module is built without. A declaration only; the function is glibc's (since 2.6).
#if defined(__linux__)
#include <stdint.h>
int sync_file_range(int fd, int64_t offset, int64_t nbytes, unsigned int flags);
// Start writeback of the range's dirty pages; do not wait for it.
#define CLINUXIO_SYNC_FILE_RANGE_WRITE 2u
#endif
#endif
