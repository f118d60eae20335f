// Preloaded into clang for a miss (LD_PRELOAD): appends the path of every file the process opens
// for reading to the file named by ZCCACHE_OPEN_LOG, one per line, after a first line saying it
// was loaded. clang's integrated assembler reads `.incbin` and `.include` files that its dep file
// never lists; the daemon compares this list with the dep file (daemon/tools/assembler_reads.cpp).
// C, and the C library only: it lives inside someone else's process, before and after main.

#define _GNU_SOURCE  // NOLINT(bugprone-reserved-identifier): glibc's switch for RTLD_NEXT
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char kLoadedLine[] = "zccache-open-recorder\n";
static int log_fd = -1;

typedef int (*OpenFn)(const char*, int, ...);
typedef int (*OpenatFn)(int, const char*, int, ...);
typedef FILE* (*FopenFn)(const char*, const char*);

__attribute__((constructor)) static void start_recording(void) {
    const char* path = getenv("ZCCACHE_OPEN_LOG");
    if (!path || !*path) return;
    OpenFn real_open = (OpenFn)dlsym(RTLD_NEXT, "open");
    if (!real_open) return;
    log_fd = real_open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
    if (log_fd >= 0 && write(log_fd, kLoadedLine, sizeof kLoadedLine - 1) < 0) log_fd = -1;
}

static bool append(char* out, size_t* used, const char* text) {
    size_t n = strlen(text);
    if (*used + n >= PATH_MAX * 2) return false;
    memcpy(out + *used, text, n);  // NOLINT(bugprone-not-null-terminated-result): a line, written by length
    *used += n;
    return true;
}

// One write per path, so that lines of several processes (a separate cc1, an external `as`) never mix.
static void record(int dirfd, const char* path, bool reading, int result) {
    if (log_fd < 0 || result < 0 || !reading || !path || !*path) return;
    int saved = errno;
    char line[PATH_MAX * 2 + 2];
    size_t used = 0;
    bool ok = true;
    if (path[0] != '/') {
        char dir[PATH_MAX];
        if (dirfd == AT_FDCWD) {
            ok = getcwd(dir, sizeof dir) != NULL;
        } else {
            char link[64];
            snprintf(link, sizeof link, "/proc/self/fd/%d", dirfd);
            ssize_t n = readlink(link, dir, sizeof dir - 1);
            ok = n > 0;
            if (ok) dir[n] = '\0';
        }
        ok = ok && append(line, &used, dir) && append(line, &used, "/");
    }
    if (ok && append(line, &used, path)) {
        line[used++] = '\n';
        if (write(log_fd, line, used) < 0) log_fd = -1;
    }
    errno = saved;
}

static bool opens_for_reading(int flags) {
    return (flags & O_ACCMODE) == O_RDONLY && !(flags & O_DIRECTORY);
}

static mode_t mode_argument(int flags, va_list args) {
    return (flags & (O_CREAT | O_TMPFILE)) ? (mode_t)va_arg(args, int) : 0;
}

static bool fopen_reads(const char* mode) {
    return mode && mode[0] == 'r' && !strchr(mode, '+');
}

#define ZC_OPEN(name)                                         \
    int name(const char* path, int flags, ...) {              \
        static OpenFn real;                                   \
        if (!real) real = (OpenFn)dlsym(RTLD_NEXT, #name);    \
        va_list args;                                         \
        va_start(args, flags);                                \
        mode_t mode = mode_argument(flags, args);             \
        va_end(args);                                         \
        int fd = real(path, flags, mode);                     \
        record(AT_FDCWD, path, opens_for_reading(flags), fd); \
        return fd;                                            \
    }

#define ZC_OPENAT(name)                                      \
    int name(int dirfd, const char* path, int flags, ...) {  \
        static OpenatFn real;                                \
        if (!real) real = (OpenatFn)dlsym(RTLD_NEXT, #name); \
        va_list args;                                        \
        va_start(args, flags);                               \
        mode_t mode = mode_argument(flags, args);            \
        va_end(args);                                        \
        int fd = real(dirfd, path, flags, mode);             \
        record(dirfd, path, opens_for_reading(flags), fd);   \
        return fd;                                           \
    }

#define ZC_FOPEN(name)                                            \
    FILE* name(const char* path, const char* mode) {              \
        static FopenFn real;                                      \
        if (!real) real = (FopenFn)dlsym(RTLD_NEXT, #name);       \
        FILE* file = real(path, mode);                            \
        record(AT_FDCWD, path, fopen_reads(mode), file ? 0 : -1); \
        return file;                                              \
    }

ZC_OPEN(open)
ZC_OPEN(open64)
ZC_OPENAT(openat)
ZC_OPENAT(openat64)
ZC_FOPEN(fopen)
ZC_FOPEN(fopen64)

// The fortified entry points (_FORTIFY_SOURCE), which take no mode: glibc's names, interposed.
// NOLINTBEGIN(bugprone-reserved-identifier)
int __open_2(const char* path, int flags) {
    return open(path, flags);
}
int __open64_2(const char* path, int flags) {
    return open64(path, flags);
}
int __openat_2(int dirfd, const char* path, int flags) {
    return openat(dirfd, path, flags);
}
int __openat64_2(int dirfd, const char* path, int flags) {
    return openat64(dirfd, path, flags);
}
// NOLINTEND(bugprone-reserved-identifier)
