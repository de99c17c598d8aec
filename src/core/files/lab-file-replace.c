/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-files"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "lab-file-replace.h"

/* Every file the program writes (traces, images, slides, replays) goes
 * through lab_file_replace(): one way to write, one error domain and one
 * fsync policy (docs/ARCHITECTURE.md, "Writing a file").
 *
 * GIO's g_file_replace() was not enough on its own: where the file does
 * not exist yet it writes straight into it, so a write that fails midway
 * (a full disk, a file size limit, a drawing error) leaves a half-written
 * file under the final name. Here the new contents always go to a fresh
 * temporary file in the same folder, which is renamed over @path only
 * once it is whole and on disk. */

/* The temporary name is the target's, shortened: a name near the limit of
 * 255 bytes is valid for the file but not with 8 bytes more. */
static char *
temporary_name (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);

  return g_strdup_printf ("%s%c.%.*s-XXXXXX", dir, G_DIR_SEPARATOR,
                          (int) MIN (strlen (base), 200), base);
}

/**
 * lab_file_set_write_error:
 * @error: where to put the error, or %NULL
 * @errsv: the errno of the failed write
 * @path: the file being written (its final name, not the temporary one)
 *
 * Sets the #GIOErrorEnum a failed write reports, naming @path.
 *
 * Returns: %FALSE, so that a writer can return it
 */
gboolean
lab_file_set_write_error (GError     **error,
                          int          errsv,
                          const char  *path)
{
  g_autofree char *display = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  display = g_filename_display_name (path);
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv), _("Could not write “%s”: %s"),
               display, g_strerror (errsv));
  return FALSE;
}

/**
 * lab_file_write_all:
 * @fd: a file open for writing
 * @data: (array length=length): the bytes
 * @length: how many
 *
 * Writes all of @data, again after an interruption or a short write.
 *
 * Returns: 0, or the errno of the failed write (%ENOSPC where the system
 *   wrote nothing and said no more)
 */
int
lab_file_write_all (int         fd,
                    const void *data,
                    gsize       length)
{
  const char *p = data;

  while (length > 0)
    {
      gssize n = write (fd, p, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return errno;
      if (n == 0)
        return ENOSPC;
      p += n;
      length -= (gsize) n;
    }
  return 0;
}

/**
 * lab_file_replace:
 * @path: the file to write or replace
 * @write_func: (scope call): writes the whole contents
 * @user_data: for @write_func
 * @error: a #GIOErrorEnum naming @path where it could not be written
 *
 * Writes a file atomically: @path is afterwards either the whole new file
 * or, where anything failed, untouched (or still absent), and no
 * temporary file remains.
 *
 * The contents are written by @write_func into a temporary file created
 * exclusively (never someone else's file) next to @path, which is then
 * synced to disk and renamed over @path. The sync is unconditional, for a
 * new file as for a replaced one: after a crash the name holds the old
 * file or the whole new one, never an empty one. The file, new or
 * replacing another, gets the permissions of any new file, 0666 less the
 * umask: what is saved is for sharing, not private like a temporary file
 * (mkstemp's 0600), and a replaced file's old mode is not kept.
 *
 * Every error is in the #G_IO_ERROR domain, as GIO reports them; those of
 * @write_func should be too (lab_file_set_write_error()).
 *
 * Returns: %TRUE on success
 */
gboolean
lab_file_replace (const char        *path,
                  LabFileWriteFunc   write_func,
                  gpointer           user_data,
                  GError           **error)
{
  g_autofree char *tmp = NULL;
  g_autofree char *display = NULL;
  gboolean ok;
  int errsv;
  int fd;

  g_return_val_if_fail (path != NULL && *path != '\0', FALSE);
  g_return_val_if_fail (write_func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  tmp = temporary_name (path);
  /* mkstemp's own mode would be 0600; the umask still applies to 0666 */
  fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      errsv = errno;
      display = g_filename_display_name (path);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Could not create a file next to “%s”: %s"), display, g_strerror (errsv));
      return FALSE;
    }

  ok = write_func (fd, user_data, error);
  if (ok && fsync (fd) != 0)
    ok = lab_file_set_write_error (error, errno, path);
  if (close (fd) != 0 && ok)
    ok = lab_file_set_write_error (error, errno, path);
  if (ok && g_rename (tmp, path) != 0)
    {
      errsv = errno;
      display = g_filename_display_name (path);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Could not save “%s”: %s"), display, g_strerror (errsv));
      ok = FALSE;
    }
  if (!ok)
    g_unlink (tmp);
  return ok;
}

typedef struct
{
  const void *contents;
  gsize       length;
  const char *path;
} Contents;

static gboolean
write_contents (int        fd,
                gpointer   user_data,
                GError   **error)
{
  Contents *c = user_data;
  int errsv = lab_file_write_all (fd, c->contents, c->length);

  return errsv == 0 || lab_file_set_write_error (error, errsv, c->path);
}

/**
 * lab_file_replace_contents:
 * @path: the file to write or replace
 * @contents: (array length=length): the whole new contents
 * @length: their length
 * @error: a #GIOErrorEnum naming @path where it could not be written
 *
 * lab_file_replace() for contents already in memory.
 *
 * Returns: %TRUE on success
 */
gboolean
lab_file_replace_contents (const char  *path,
                           const void  *contents,
                           gsize        length,
                           GError     **error)
{
  Contents c = { contents, length, path };

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (contents != NULL || length == 0, FALSE);

  return lab_file_replace (path, write_contents, &c, error);
}
