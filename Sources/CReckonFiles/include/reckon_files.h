// What a file is: its kind and size, from stat(2), lstat(2) or fstat(2); and an atomic exchange
// of two paths, renameat2(2) with RENAME_EXCHANGE.
//
// Why C: Swift on Linux sees `struct stat` through whichever C module included <sys/stat.h>
// first (CoreFoundation, CDispatch, Glibc), and with MemberImportVisibility a file that uses its
// fields builds or not depending on the build order. Here Swift never touches the struct.
#ifndef RECKON_FILES_H
#define RECKON_FILES_H

/// The kinds of file Reckon tells apart.
typedef enum {
    RECKON_FILE_MISSING = 0,
    RECKON_FILE_REGULAR = 1,
    RECKON_FILE_FOLDER = 2,
    RECKON_FILE_LINK = 3,
    RECKON_FILE_PIPE = 4,
    RECKON_FILE_DEVICE = 5,
    RECKON_FILE_SOCKET = 6,
    RECKON_FILE_OTHER = 7,
    RECKON_FILE_UNREADABLE = 8,
} reckon_file_kind;

/// The kind of the file at `path` (the file a link leads to when `follow_links` is non-zero, the
/// link itself otherwise), and its size in bytes in `*size`. MISSING when nothing is there (or a
/// folder on the way is not one), UNREADABLE when it cannot be looked at (permission, link loop).
reckon_file_kind reckon_path_kind(const char *path, int follow_links, long long *size);

/// The kind and size of the open file `descriptor`.
reckon_file_kind reckon_descriptor_kind(int descriptor, long long *size);

/// Exchanges the files or folders at `a` and `b` in one step (Linux renameat2(2) with
/// RENAME_EXCHANGE): both must exist, and at no moment is either path empty. 0 when done, else
/// -errno: -EINVAL when the file system cannot exchange, -ENOSYS when the kernel (or the
/// platform: every one but Linux) has no such call, for the caller to fall back to two renames.
int reckon_exchange(const char *a, const char *b);

#endif
