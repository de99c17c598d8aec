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
 * atomically by the renderer's export and by lab_trace_json_save(); this
 * file adds the check made before a run, so that a typo in a folder name
 * is reported at once rather than after minutes of measuring. */

static void
set_path_error (GError     **error,
                int          saved_errno,
                const char  *path,
                const char  *why)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               /* TRANSLATORS: a file name, then the reason */
               _("Cannot write “%s”: %s"), path, why);
}

/**
 * _lab_cli_check_writable:
 * @path: a file to be written later
 *
 * Returns: %FALSE, with a #GIOErrorEnum naming @path and the reason, when
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
  g_autoptr(LabComparison) baseline = NULL;
  g_autofree char *described = NULL;
  LabChartOptions options;
  LabExportTitle title;
  gboolean band;

  g_assert (image->output != NULL);

  _lab_cli_image_chart_options (image, &options);
  if (!_lab_cli_image_baseline (comparison, image, &baseline, error))
    return FALSE;
  options.baseline = baseline;

  band = lab_export_title_init (&title, comparison);
  if (image->title > 0 && !band)
    {
      LabWorkload *shared = lab_comparison_get_workload (comparison);

      /* an observed comparison ran no workload: its title is what was traced */
      described = shared != NULL ? lab_workload_describe (shared)
                                 : lab_comparison_dup_observed_title (comparison);
      title = (LabExportTitle) { described, NULL };
    }
  band = image->title > 0 || (image->title < 0 && band);
  return lab_export_slide (comparison, &options, band ? &title : NULL, image->format,
                           image->output, error);
}

/**
 * _lab_cli_image_baseline:
 * @comparison: what is drawn
 * @image: the picture options
 * @out_baseline: (out) (transfer full) (nullable): the run before, drawn
 *   beside @comparison; %NULL: none
 *
 * The run before of a what-if picture: the one --baseline names, else the
 * one a what-if trace keeps inside (the pair saved as one file).
 *
 * Returns: %FALSE where --baseline cannot be read
 */
gboolean
_lab_cli_image_baseline (LabComparison      *comparison,
                         const LabCliImage  *image,
                         LabComparison     **out_baseline,
                         GError            **error)
{
  *out_baseline = NULL;
  if (image->baseline != NULL)
    {
      *out_baseline = _lab_cli_load_baseline (image, error);
      return *out_baseline != NULL;
    }
  if (lab_comparison_get_baseline (comparison) != NULL)
    *out_baseline = lab_comparison_ref (lab_comparison_get_baseline (comparison));
  return TRUE;
}

LabComparison *
_lab_cli_load_baseline (const LabCliImage  *image,
                        GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  LabComparison *baseline;

  g_assert (image->baseline != NULL);

  baseline = lab_trace_json_load (image->baseline, &local_error);
  if (baseline == NULL)
    /* Translators: the option, then why the file could not be read */
    g_set_error (error, local_error->domain, local_error->code, _("--baseline: %s"),
                 local_error->message);
  return baseline;
}

/**
 * _lab_cli_check_results_writable:
 * @image: the picture options; its output may be %NULL
 * @trace: (nullable): where the measurements are to be saved
 *
 * Returns: %FALSE, as _lab_cli_check_writable(), for the first of the two
 *   that cannot be written
 */
gboolean
_lab_cli_check_results_writable (const LabCliImage  *image,
                                 const char         *trace,
                                 GError            **error)
{
  return (image->output == NULL || _lab_cli_check_writable (image->output, error))
         && (trace == NULL || _lab_cli_check_writable (trace, error));
}

/**
 * _lab_cli_write_results:
 * @command: the subcommand, for messages
 * @comparison: what was measured
 * @image: the picture options; its output may be %NULL
 * @trace: (nullable): where to save the measurements
 *
 * Writes the chart and the trace asked for; one that fails is reported
 * and the other is still written.
 *
 * Returns: %FALSE where either could not be written
 */
gboolean
_lab_cli_write_results (const char        *command,
                        LabComparison     *comparison,
                        const LabCliImage *image,
                        const char        *trace)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  if (image->output != NULL && !_lab_cli_write_image (comparison, image, &error))
    {
      _lab_cli_report_failure (command, error->message, LAB_CLI_EXIT_FAILED);
      g_clear_error (&error);
      ok = FALSE;
    }
  if (trace != NULL && !lab_trace_json_save (comparison, trace, &error))
    {
      _lab_cli_report_failure (command, error->message, LAB_CLI_EXIT_FAILED);
      ok = FALSE;
    }
  return ok;
}

gboolean
_lab_cli_is_terminal (int fd)
{
  return isatty (fd) == 1;
}
