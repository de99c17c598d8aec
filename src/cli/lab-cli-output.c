/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-cli"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "lab-cli-private.h"
#include "lab-trace-json.h"

/* Writing what a subcommand produces. The files themselves are written
 * atomically by the renderer's export and by lab_comparison_save(); this
 * file adds the check made before a run, so that a typo in a folder name
 * is reported at once rather than after minutes of measuring. */

static void
set_path_error (GError     **error,
                int          saved_errno,
                const char  *path,
                const char  *why)
{
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
               /* TRANSLATORS: a file name, then the reason */
               _("Cannot write “%s”: %s"), path, why);
}

/**
 * _lab_cli_check_writable:
 * @path: a file to be written later
 *
 * Returns: %FALSE, with a #GFileError naming @path and the reason, when
 *   the folder of @path is missing, is not a folder or cannot be written
 *   to, or when @path itself is a folder
 */
gboolean
_lab_cli_check_writable (const char  *path,
                         GError     **error)
{
  g_autofree char *folder = g_path_get_dirname (path);
  GStatBuf st;

  if (g_stat (folder, &st) != 0)
    {
      int saved_errno = errno;

      set_path_error (error, saved_errno, path, g_strerror (saved_errno));
      return FALSE;
    }
  if (!S_ISDIR (st.st_mode))
    {
      set_path_error (error, ENOTDIR, path, g_strerror (ENOTDIR));
      return FALSE;
    }
  if (g_access (folder, W_OK | X_OK) != 0)
    {
      int saved_errno = errno;

      set_path_error (error, saved_errno, path, g_strerror (saved_errno));
      return FALSE;
    }
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      set_path_error (error, EISDIR, path, g_strerror (EISDIR));
      return FALSE;
    }
  return TRUE;
}

gboolean
_lab_cli_write_image (LabComparison     *comparison,
                      const LabCliImage *image,
                      GError           **error)
{
  LabChartOptions options;

  g_assert (image->output != NULL);

  _lab_cli_image_chart_options (image, &options);
  if (image->baseline != NULL)
    {
      g_autoptr(LabComparison) baseline = _lab_cli_load_baseline (image, error);

      if (baseline == NULL)
        return FALSE;
      options.baseline = baseline;
      return lab_export_image (comparison, &options, image->format, image->output, error);
    }
  return lab_export_image (comparison, &options, image->format, image->output, error);
}

LabComparison *
_lab_cli_load_baseline (const LabCliImage  *image,
                        GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  LabComparison *baseline;

  g_assert (image->baseline != NULL);

  baseline = lab_comparison_load (image->baseline, &local_error);
  if (baseline == NULL)
    /* Translators: the option, then why the file could not be read */
    g_set_error (error, local_error->domain, local_error->code, _("--baseline: %s"),
                 local_error->message);
  return baseline;
}

gboolean
_lab_cli_is_terminal (int fd)
{
  return isatty (fd) == 1;
}
