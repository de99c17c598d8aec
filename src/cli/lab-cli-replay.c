/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-cli"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "lab-cli-private.h"
#include "lab-export-replay.h"

/*
 * --replay-frames DIR and --animate FILE.svg: the comparison played back
 * with its captions, as PNG frames or one animated SVG, at --fps and
 * --speed. Any subcommand that has a comparison to draw can take them.
 */

#define DEFAULT_FPS 25
#define MAX_FPS 120

void
_lab_cli_replay_add_entries (GOptionContext   *context,
                             LabCliReplayArgs *args)
{
  const GOptionEntry entries[] = {
    { "replay-frames", 0, 0, G_OPTION_ARG_FILENAME, &args->frames,
      N_("Write the replay with captions as PNG frames frame-0001.png… into a new folder "
         "(e.g. --replay-frames replay)"), N_("DIR") },
    { "animate", 0, 0, G_OPTION_ARG_FILENAME, &args->animate,
      N_("Write the replay with captions as one animated SVG for slides "
         "(e.g. --animate replay.svg)"), N_("FILE.svg") },
    { "fps", 0, 0, G_OPTION_ARG_STRING, &args->fps,
      N_("Frames per second of --replay-frames, 1 to 120 (default 25; e.g. --fps 10)"), N_("N") },
    { "speed", 0, 0, G_OPTION_ARG_STRING, &args->speed,
      N_("Replay speed: 0.25 is four times slower than the run, 4 four times faster "
         "(default 1; e.g. --speed 0.25)"), N_("X") },
    { NULL }
  };

  /* in the main group, so that --help lists them with the image options */
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

void
_lab_cli_replay_args_clear (LabCliReplayArgs *args)
{
  g_clear_pointer (&args->frames, g_free);
  g_clear_pointer (&args->animate, g_free);
  g_clear_pointer (&args->fps, g_free);
  g_clear_pointer (&args->speed, g_free);
}

static gboolean
parse_speed (const char  *text,
             double      *out_speed,
             GError     **error)
{
  char *end = NULL;
  double v;

  errno = 0;
  v = g_ascii_strtod (text, &end);
  if (*text == '\0' || end == text || *end != '\0' || errno != 0 || !isfinite (v))
    {
      _lab_cli_set_usage_error (error, "--speed",
                                _("“%s” is not a number (expected e.g. 0.25, 1 or 4)"), text);
      return FALSE;
    }
  if (!(v >= 0.01 && v <= 1000))
    {
      _lab_cli_set_usage_error (error, "--speed", _("“%s” is not between 0.01 and 1000"), text);
      return FALSE;
    }
  *out_speed = v;
  return TRUE;
}

static gboolean
has_svg_extension (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  const char *dot = strrchr (base, '.');

  return dot != NULL && dot != base && g_ascii_strcasecmp (dot, ".svg") == 0;
}

gboolean
_lab_cli_replay_resolve (LabCliReplayArgs  *args,
                         LabCliReplay      *out,
                         GError           **error)
{
  guint fps = DEFAULT_FPS;

  memset (out, 0, sizeof *out);
  out->speed = 1;
  if (args->frames != NULL && args->frames[0] == '\0')
    {
      _lab_cli_set_usage_error (error, "--replay-frames", _("the folder name is empty"));
      return FALSE;
    }
  if (args->animate != NULL && !has_svg_extension (args->animate))
    {
      _lab_cli_set_usage_error (error, "--animate", _("“%s” must end in .svg"), args->animate);
      return FALSE;
    }
  if (args->fps != NULL && args->frames == NULL)
    {
      _lab_cli_set_usage_error (error, "--fps", _("only goes with --replay-frames"));
      return FALSE;
    }
  if (args->speed != NULL && args->frames == NULL && args->animate == NULL)
    {
      _lab_cli_set_usage_error (error, "--speed", _("only goes with --replay-frames or --animate"));
      return FALSE;
    }
  if (args->fps != NULL && !_lab_cli_parse_uint ("--fps", args->fps, 1, MAX_FPS, &fps, error))
    return FALSE;
  if (args->speed != NULL && !parse_speed (args->speed, &out->speed, error))
    return FALSE;
  out->frames = args->frames;
  out->animate = args->animate;
  out->fps = fps;
  return TRUE;
}

gboolean
_lab_cli_replay_check_writable (const LabCliReplay  *replay,
                                GError             **error)
{
  if (replay->animate != NULL && !_lab_cli_check_writable (replay->animate, error))
    return FALSE;
  if (replay->frames == NULL)
    return TRUE;
  if (g_file_test (replay->frames, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (replay->frames, 0, NULL);

      /* an empty folder is replaced, one with files is never touched */
      if (dir != NULL && g_dir_read_name (dir) != NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                       _("“%s” already exists and is not empty"), replay->frames);
          return FALSE;
        }
      return TRUE;
    }
  /* the frames go into a temporary folder beside the target */
  return _lab_cli_check_writable (replay->frames, error);
}

gboolean
_lab_cli_write_replay (LabComparison      *comparison,
                       const LabCliImage  *image,
                       const LabCliReplay *replay,
                       GError            **error)
{
  g_autoptr(LabComparison) baseline = NULL;
  LabChartOptions options;

  if (replay->animate == NULL && replay->frames == NULL)
    return TRUE;
  _lab_cli_image_chart_options (image, &options);
  /* a what-if pair replays both runs */
  if (!_lab_cli_image_baseline (comparison, image, &baseline, error))
    return FALSE;
  options.baseline = baseline;
  if (replay->animate != NULL
      && !lab_export_replay_svg (comparison, &options, replay->speed, replay->animate, error))
    return FALSE;
  if (replay->frames != NULL)
    {
      guint n = 0;

      if (!lab_export_replay_frames (comparison, &options, replay->fps, replay->speed,
                                     replay->frames, &n, error))
        return FALSE;
      /* Translators: said after the frames of a replay are written */
      g_printerr (g_dngettext (GETTEXT_PACKAGE, "Wrote %u frame into “%s”\n",
                               "Wrote %u frames into “%s”\n", n), n, replay->frames);
    }
  return TRUE;
}

/**
 * _lab_cli_replay_resolve_image:
 * @image_args: the image options as typed
 * @replay: the replay options, resolved
 *
 * Like _lab_cli_image_resolve() with --output required, except that a
 * replay needs no --output: then --size, --theme, --scale and the other
 * picture options shape its frames.
 */
gboolean
_lab_cli_replay_resolve_image (LabCliImageArgs     *image_args,
                               const LabCliReplay  *replay,
                               LabCliSummary        default_summary,
                               LabCliImage         *out_image,
                               GError             **error)
{
  LabCliImageArgs frame_args;

  if ((replay->frames == NULL && replay->animate == NULL) || image_args->output != NULL)
    return _lab_cli_image_resolve (image_args, TRUE, default_summary, out_image, error);
  if (image_args->format != NULL)
    {
      _lab_cli_set_usage_error (error, "--format",
                                _("applies to --output only; a replay is PNG frames or SVG"));
      return FALSE;
    }
  /* the frames are PNG images: check the picture options as for one */
  frame_args = *image_args;
  frame_args.output = (char *) "frame.png";
  if (!_lab_cli_image_resolve (&frame_args, TRUE, default_summary, out_image, error))
    return FALSE;
  out_image->output = NULL;
  return TRUE;
}
