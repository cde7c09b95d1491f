#include "reckon_files.h"

#include <errno.h>
#include <sys/stat.h>

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
