#include "reckon_files.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#if defined(__linux__)
#include <sys/syscall.h>
#include <unistd.h>
#endif

static reckon_file_kind kind_of(const struct stat *status, long long *size) {
    *size = (long long)status->st_size;
    switch (status->st_mode & S_IFMT) {
    case S_IFREG: return RECKON_FILE_REGULAR;
    case S_IFDIR: return RECKON_FILE_FOLDER;
    case S_IFLNK: return RECKON_FILE_LINK;
    case S_IFIFO: return RECKON_FILE_PIPE;
    case S_IFCHR:
    case S_IFBLK: return RECKON_FILE_DEVICE;
    case S_IFSOCK: return RECKON_FILE_SOCKET;
    default: return RECKON_FILE_OTHER;
    }
}

reckon_file_kind reckon_path_kind(const char *path, int follow_links, long long *size) {
    struct stat status;
    *size = 0;
    if ((follow_links ? stat(path, &status) : lstat(path, &status)) != 0) {
        return errno == ENOENT || errno == ENOTDIR ? RECKON_FILE_MISSING : RECKON_FILE_UNREADABLE;
    }
    return kind_of(&status, size);
}

reckon_file_kind reckon_descriptor_kind(int descriptor, long long *size) {
    struct stat status;
    *size = 0;
    if (fstat(descriptor, &status) != 0) return RECKON_FILE_UNREADABLE;
    return kind_of(&status, size);
}

int reckon_exchange(const char *a, const char *b) {
#if defined(__linux__) && defined(SYS_renameat2)
    // The system call itself: glibc's renameat2 wrapper (2.28 on) is not declared without
    // _GNU_SOURCE, and older C libraries lack it. RENAME_EXCHANGE is (1 << 1) in <linux/fs.h>.
    if (syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, 1 << 1) == 0) return 0;
    return -errno;
#else
    (void)a;
    (void)b;
    return -ENOSYS;
#endif
}
