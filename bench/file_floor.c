/* The kernel's part of `berth emit aws`: creates the files of a list ("SIZE NAME" lines, as
 * `find -type f -printf '%s %P\n'` prints them) in a new directory with the system calls berth
 * makes for each (openat relative to the directory, one write, close), then renames the
 * directory into place as berth does. Nothing else: its CPU time is the floor any program
 * writing that output layout pays, which bench/scale_bench.sh prints beside berth's figures.
 *   file_floor LIST OUT_DIR
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct entry {
  size_t size;
  char* name;
};

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: file_floor LIST OUT_DIR\n");
    return 2;
  }
  FILE* list = fopen(argv[1], "r");
  if (list == NULL) {
    perror(argv[1]);
    return 1;
  }
  /* The list is read whole first: only the file creation is the floor. */
  size_t count = 0, capacity = 1024, largest = 0;
  struct entry* entries = malloc(capacity * sizeof *entries);
  char line[4096];
  while (fgets(line, sizeof line, list) != NULL) {
    char* space = strchr(line, ' ');
    if (space == NULL) continue;
    line[strcspn(line, "\n")] = '\0';
    if (count == capacity) entries = realloc(entries, (capacity *= 2) * sizeof *entries);
    entries[count].size = strtoull(line, NULL, 10);
    entries[count].name = strdup(space + 1);
    if (entries[count].size > largest) largest = entries[count].size;
    ++count;
  }
  fclose(list);
  char* bytes = malloc(largest + 1);
  memset(bytes, 'x', largest + 1);

  char staging[4096];
  snprintf(staging, sizeof staging, "%s.tmp", argv[2]);
  if (mkdir(staging, 0777) != 0) {
    perror(staging);
    return 1;
  }
  int dir = open(staging, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  for (size_t i = 0; i < count; ++i) {
    int fd = openat(dir, entries[i].name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0 || write(fd, bytes, entries[i].size) != (ssize_t)entries[i].size) {
      perror(entries[i].name);
      return 1;
    }
    close(fd);
  }
  close(dir);
  if (rename(staging, argv[2]) != 0) {
    perror(argv[2]);
    return 1;
  }
  return 0;
}
