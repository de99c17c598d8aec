/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-observe"

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lab-proc-files.h"

/* A stat line is about 300 bytes; a children file of a thousand pids
 * about 8 KB, read in pieces. */
#define LINE_BYTES 1024
#define SMALL_FILE_BYTES 65536

int
lab_proc_open_dir (int         dir_fd,
                   const char *name)
{
  int fd;

  do
    fd = openat (dir_fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  while (fd < 0 && errno == EINTR);
  return fd;
}

int
lab_proc_open_file (int         dir_fd,
                    const char *name)
{
  int fd;

  do
    fd = openat (dir_fd, name, O_RDONLY | O_CLOEXEC);
  while (fd < 0 && errno == EINTR);
  return fd;
}

/* The whole of a small /proc file from its start, NUL-terminated;
 * the length read, or -1 when gone. */
static gssize
read_at_start (int    fd,
               char  *buf,
               gsize  size)
{
  gssize n;

  if (fd < 0)
    return -1;
  do
    n = pread (fd, buf, size - 1, 0);
  while (n < 0 && errno == EINTR);
  if (n <= 0)
    return -1;
  buf[n] = '\0';
  return n;
}

static gboolean
parse_u64 (const char **p,
           guint64     *out)
{
  char *end;
  guint64 v;

  while (**p == ' ')
    (*p)++;
  if (**p < '0' || **p > '9')
    return FALSE;
  errno = 0;
  v = g_ascii_strtoull (*p, &end, 10);
  if (errno != 0 || end == *p)
    return FALSE;
  *p = end;
  *out = v;
  return TRUE;
}

gboolean
lab_proc_parse_schedstat (const char   *text,
                          LabSchedstat *out)
{
  const char *p = text;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  return parse_u64 (&p, &out->cpu_ns) && parse_u64 (&p, &out->delay_ns)
         && parse_u64 (&p, &out->slices);
}

gboolean
lab_proc_read_schedstat (int           fd,
                         LabSchedstat *out)
{
  char buf[128];

  g_return_val_if_fail (out != NULL, FALSE);

  return read_at_start (fd, buf, sizeof buf) > 0 && lab_proc_parse_schedstat (buf, out);
}

/* Skips @n space-separated fields. */
static const char *
skip_fields (const char *p,
             guint       n)
{
  for (guint i = 0; i < n && p != NULL; i++)
    {
      p = strchr (p, ' ');
      if (p != NULL)
        p++;
    }
  return p;
}

gboolean
lab_proc_parse_stat (const char  *text,
                     LabProcStat *out)
{
  const char *p, *name;
  guint64 ppid, start, core;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  /* The name (field 2) is in parentheses and may hold anything, spaces
   * and parentheses too: the fields go on after the last ')'. */
  name = strchr (text, '(');
  p = strrchr (text, ')');
  if (name == NULL || p == NULL || p < name || p[1] != ' ' || p[2] == '\0')
    return FALSE;
  name++;
  g_strlcpy (out->name, name, MIN ((gsize) (p - name) + 1, sizeof out->name));
  p += 2;                              /* field 3 */
  out->state = *p;
  /* After each number, a space must follow before the next field: a line
   * cut short ends there. */
  p = skip_fields (p, 1);              /* field 4 */
  if (p == NULL || !parse_u64 (&p, &ppid) || *p != ' ')
    return FALSE;
  p = skip_fields (p + 1, 17);         /* field 22 */
  if (p == NULL || !parse_u64 (&p, &start) || *p != ' ')
    return FALSE;
  p = skip_fields (p + 1, 16);         /* field 39 */
  if (p == NULL || !parse_u64 (&p, &core))
    return FALSE;
  out->ppid = (gint32) MIN (ppid, G_MAXINT32);
  out->start_ticks = start;
  out->core = (gint) MIN (core, G_MAXINT16);
  return TRUE;
}

gboolean
lab_proc_read_stat (int          fd,
                    LabProcStat *out)
{
  char buf[LINE_BYTES];

  g_return_val_if_fail (out != NULL, FALSE);

  return read_at_start (fd, buf, sizeof buf) > 0 && lab_proc_parse_stat (buf, out);
}

gboolean
lab_proc_read_line (int    fd,
                     char  *buf,
                     gsize  size)
{
  gssize n;

  g_return_val_if_fail (buf != NULL && size > 1, FALSE);

  n = read_at_start (fd, buf, size);
  if (n < 0)
    return FALSE;
  while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
    buf[--n] = '\0';
  return TRUE;
}

static char *
read_small_file (int         dir_fd,
                 const char *name,
                 gsize      *out_length)
{
  g_autofree char *buf = g_malloc (SMALL_FILE_BYTES);
  gsize length = 0;
  int fd = lab_proc_open_file (dir_fd, name);

  if (fd < 0)
    return NULL;
  while (length < SMALL_FILE_BYTES - 1)
    {
      gssize n = read (fd, buf + length, SMALL_FILE_BYTES - 1 - length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      length += (gsize) n;
    }
  close (fd);
  buf[length] = '\0';
  *out_length = length;
  return g_steal_pointer (&buf);
}

char *
lab_proc_read_comm (int dir_fd)
{
  gsize length;
  char *text = read_small_file (dir_fd, "comm", &length);

  if (text == NULL || length == 0)
    {
      g_free (text);
      return NULL;
    }
  g_strchomp (text);
  return text;
}

char *
lab_proc_read_cmdline (int dir_fd)
{
  gsize length;
  char *text = read_small_file (dir_fd, "cmdline", &length);

  if (text == NULL)
    return NULL;
  /* Arguments end with NUL each; the last one's NUL is the end. */
  while (length > 0 && text[length - 1] == '\0')
    length--;
  for (gsize i = 0; i < length; i++)
    if (text[i] == '\0')
      text[i] = ' ';
  text[length] = '\0';
  return text;
}

guint
lab_proc_count_threads (int task_fd)
{
  struct stat st;

  if (task_fd < 0 || fstat (task_fd, &st) != 0 || st.st_nlink < 2)
    return 0;
  return (guint) (st.st_nlink - 2);
}

static gboolean
parse_id (const char *text,
          gint32     *out)
{
  char *end;
  long v;

  if (text[0] < '1' || text[0] > '9')
    return FALSE;
  v = strtol (text, &end, 10);
  if (*end != '\0' || v <= 0 || v > G_MAXINT32)
    return FALSE;
  *out = (gint32) v;
  return TRUE;
}

GArray *
lab_proc_list_threads (int task_fd)
{
  g_autoptr(GArray) tids = g_array_new (FALSE, FALSE, sizeof (gint32));
  DIR *dir;
  struct dirent *entry;
  int fd;

  /* fdopendir takes the descriptor: give it a copy, read from the start. */
  fd = task_fd >= 0 ? openat (task_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
  if (fd < 0)
    return NULL;
  dir = fdopendir (fd);
  if (dir == NULL)
    {
      close (fd);
      return NULL;
    }
  while ((entry = readdir (dir)) != NULL)
    {
      gint32 tid;

      if (parse_id (entry->d_name, &tid))
        g_array_append_val (tids, tid);
    }
  closedir (dir);
  return g_steal_pointer (&tids);
}

GArray *
lab_proc_read_children (int fd)
{
  g_autoptr(GArray) pids = g_array_new (FALSE, FALSE, sizeof (gint32));
  char buf[4096];
  char word[16];
  gsize word_len = 0;
  off_t offset = 0;

  if (fd < 0)
    return NULL;
  for (;;)
    {
      gssize n;

      do
        n = pread (fd, buf, sizeof buf, offset);
      while (n < 0 && errno == EINTR);
      if (n < 0)
        return offset == 0 ? NULL : g_steal_pointer (&pids);
      /* A pid may be cut between two reads; the end of the file (n == 0)
       * ends the last one. */
      for (gssize i = 0; i < MAX (n, 1); i++)
        {
          char c = n > 0 ? buf[i] : ' ';

          if (c >= '0' && c <= '9' && word_len < sizeof word - 1)
            word[word_len++] = c;
          else if (word_len > 0)
            {
              gint32 pid;

              word[word_len] = '\0';
              if (parse_id (word, &pid))
                g_array_append_val (pids, pid);
              word_len = 0;
            }
        }
      if (n == 0)
        break;
      offset += n;
    }
  return g_steal_pointer (&pids);
}

gboolean
lab_proc_parse_last_pid (const char *text,
                         gint32     *out)
{
  g_auto(GStrv) fields = NULL;
  g_autofree char *line = NULL;

  g_return_val_if_fail (text != NULL && out != NULL, FALSE);

  /* "0.47 0.69 0.83 2/345 12345": load averages, runnable/all, last pid */
  line = g_strstrip (g_strdup (text));
  fields = g_strsplit (line, " ", -1);
  return g_strv_length (fields) == 5 && strchr (fields[3], '/') != NULL
         && parse_id (fields[4], out);
}

gboolean
lab_proc_read_last_pid (int     fd,
                        gint32 *out)
{
  char buf[LINE_BYTES];

  g_return_val_if_fail (out != NULL, FALSE);

  return read_at_start (fd, buf, sizeof buf) > 0 && lab_proc_parse_last_pid (buf, out);
}
