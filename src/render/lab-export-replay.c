/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-export"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "lab-error.h"
#include "lab-export-replay.h"
#include "lab-export.h"

/*
 * Frames are the chart drawn at one replay time each, by the renderer, so
 * every frame is exactly what the window shows at that moment. They go
 * into a hidden temporary folder beside the target, renamed to it once the
 * last frame is written: a failure (or a full disk) removes the folder and
 * leaves no partial sequence.
 */

#define MAX_FPS 120.0
#define MIN_SPEED 0.01
#define MAX_SPEED 1000.0

/**
 * lab_export_replay_check:
 * @fps: frames per second
 * @speed: replay time per real time
 * @error: names the bad value
 *
 * Returns: whether both are usable
 */
gboolean
lab_export_replay_check (double   fps,
                         double   speed,
                         GError **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(fps > 0 && fps <= MAX_FPS))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_RANGE,
                   _("The frame rate must be above 0 and at most %g frames per second"), MAX_FPS);
      return FALSE;
    }
  if (!(speed >= MIN_SPEED && speed <= MAX_SPEED))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_RANGE,
                   _("The replay speed must be from %g to %g"), MIN_SPEED, MAX_SPEED);
      return FALSE;
    }
  return TRUE;
}

static double
frame_step_ns (double fps,
               double speed)
{
  return speed * 1e9 / fps;
}

/**
 * lab_export_replay_count_frames:
 * @duration_ns: the replay's length
 * @fps: frames per second
 * @speed: replay time per real time
 *
 * Returns: the number of frames, at least 1; G_MAXUINT where there would
 *   be more than that
 */
guint
lab_export_replay_count_frames (gint64 duration_ns,
                                double fps,
                                double speed)
{
  double n;

  g_return_val_if_fail (fps > 0 && speed > 0, 1);

  if (duration_ns <= 0)
    return 1;
  n = ceil ((double) duration_ns / frame_step_ns (fps, speed) - 1e-9) + 1;
  return n >= (double) G_MAXUINT ? G_MAXUINT : (guint) n;
}

static gint64
frame_time (guint  i,
            gint64 duration_ns,
            double fps,
            double speed)
{
  return MIN ((gint64) llround (i * frame_step_ns (fps, speed)), duration_ns);
}

static void
remove_folder (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);

      g_unlink (file);
    }
  g_rmdir (path);
}

static gboolean
write_frames (LabComparison         *comparison,
              const LabChartOptions *options,
              LabReplay             *replay,
              double                 fps,
              double                 speed,
              guint                  n_frames,
              const char            *tmp,
              GError               **error)
{
  gint64 duration = lab_replay_get_duration_ns (replay);
  int digits = MAX (4, (int) floor (log10 (n_frames)) + 1);

  for (guint i = 0; i < n_frames; i++)
    {
      LabChartOptions o = *options;
      g_autofree char *name = g_strdup_printf ("frame-%0*u.png", digits, i + 1);
      g_autofree char *file = g_build_filename (tmp, name, NULL);

      o.replaying = TRUE;
      o.replay_ns = frame_time (i, duration, fps, speed);
      o.replay = replay;
      if (!lab_export_image (comparison, &o, LAB_EXPORT_PNG, file, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * lab_export_replay_frames:
 * @comparison: a finished comparison
 * @options: how to draw each frame (size, theme, scale); its replay fields
 *   are set per frame
 * @fps: frames per second
 * @speed: replay time per real time
 * @folder: the folder to create (or an empty one to replace)
 * @out_n_frames: (out) (optional): how many frames were written
 * @error: why not
 *
 * Writes frame-0001.png … into @folder: all of them, or none.
 *
 * Returns: %TRUE on success
 */
gboolean
lab_export_replay_frames (LabComparison         *comparison,
                          const LabChartOptions *options,
                          double                 fps,
                          double                 speed,
                          const char            *folder,
                          guint                 *out_n_frames,
                          GError               **error)
{
  g_autoptr(LabReplay) replay = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp = NULL;
  guint n_frames;

  g_return_val_if_fail (comparison != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (folder != NULL && *folder != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!lab_export_replay_check (fps, speed, error))
    return FALSE;
  replay = lab_replay_new (comparison);
  n_frames = lab_export_replay_count_frames (lab_replay_get_duration_ns (replay), fps, speed);
  if (n_frames > LAB_REPLAY_MAX_FRAMES)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_RANGE,
                   _("The replay would take %u frames, more than %u: lower the frame rate "
                     "or raise the speed"), n_frames, LAB_REPLAY_MAX_FRAMES);
      return FALSE;
    }

  parent = g_path_get_dirname (folder);
  base = g_path_get_basename (folder);
  tmp = g_strdup_printf ("%s%c.%.*s-XXXXXX", parent, G_DIR_SEPARATOR,
                         (int) MIN (strlen (base), 200), base);
  if (g_mkdtemp_full (tmp, 0755) == NULL)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not write “%s”: %s"), folder, g_strerror (saved));
      return FALSE;
    }
  if (!write_frames (comparison, options, replay, fps, speed, n_frames, tmp, error))
    {
      remove_folder (tmp);
      return FALSE;
    }
  /* rename() replaces an empty folder and refuses one with files in it */
  if (g_rename (tmp, folder) != 0)
    {
      int saved = errno;

      remove_folder (tmp);
      if (saved == ENOTEMPTY || saved == EEXIST)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                     _("“%s” already exists and is not empty"), folder);
      else
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                     _("Could not write “%s”: %s"), folder, g_strerror (saved));
      return FALSE;
    }
  if (out_n_frames != NULL)
    *out_n_frames = n_frames;
  return TRUE;
}
