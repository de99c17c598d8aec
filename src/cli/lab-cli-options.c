/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-cli"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "lab-chart-layers.h"
#include "lab-cli-private.h"
#include "lab-duration.h"

/* Options shared by `run` and `render`, and the checks every option value
 * goes through. Values are taken as strings and checked here rather than
 * by GOptionContext's own integer parsing, so that every bad value gets a
 * message of one shape: the option, the value as typed, what is allowed. */

void
_lab_cli_set_usage_error (GError     **error,
                          const char  *option,
                          const char  *format,
                          ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "%s: %s", option, message);
}

int
_lab_cli_report_usage (const char   *command,
                       const GError *error)
{
  g_printerr ("concurrency-lab %s: %s\n", command, error->message);
  /* TRANSLATORS: the placeholders are the command, e.g. "run" */
  g_printerr (_("Try “concurrency-lab %s --help” for the options and examples.\n"), command);
  return LAB_CLI_EXIT_USAGE;
}

int
_lab_cli_report_failure (const char *command,
                         const char *message,
                         int         code)
{
  g_printerr ("concurrency-lab %s: %s\n", command, message);
  return code;
}

/**
 * _lab_cli_parse_uint:
 * @option: the option's name for messages ("--tasks")
 * @text: the value as typed
 *
 * Reads a whole decimal number from @min to @max. Signs, spaces, hex and
 * numbers too large for any integer are refused with the range in the
 * message.
 */
gboolean
_lab_cli_parse_uint (const char  *option,
                     const char  *text,
                     guint        min,
                     guint        max,
                     guint       *out_value,
                     GError     **error)
{
  gsize len = strlen (text);
  guint64 value = 0;

  if (len == 0)
    {
      _lab_cli_set_usage_error (error, option, _("the value is empty (expected a number from %u to %u)"),
                                min, max);
      return FALSE;
    }
  if (strspn (text, "0123456789") != len)
    {
      /* "-1" and "1e3" are numbers to people, just not allowed ones. */
      if (text[0] == '-' && len > 1 && strspn (text + 1, "0123456789") == len - 1)
        _lab_cli_set_usage_error (error, option, _("“%s” is not between %u and %u"), text, min, max);
      else
        _lab_cli_set_usage_error (error, option,
                                  _("“%s” is not a whole number (expected a number from %u to %u)"),
                                  text, min, max);
      return FALSE;
    }

  for (gsize i = 0; i < len; i++)
    {
      value = value * 10 + (guint64) (text[i] - '0');
      if (value > max)
        break;   /* also keeps huge numbers from overflowing */
    }
  if (value < min || value > max)
    {
      _lab_cli_set_usage_error (error, option, _("“%s” is not between %u and %u"), text, min, max);
      return FALSE;
    }
  *out_value = (guint) value;
  return TRUE;
}

gboolean
_lab_cli_parse_duration (const char  *option,
                         const char  *text,
                         gint64      *out_ns,
                         GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (lab_duration_parse (text, out_ns, &local_error))
    return TRUE;
  _lab_cli_set_usage_error (error, option, "%s", local_error->message);
  return FALSE;
}

/* --show's help, naming the renderer's layers as they are. Kept for the
 * life of the program, as the option context refers to it. */
static const char *
show_help (void)
{
  static char *help;

  if (g_once_init_enter (&help))
    {
      g_autofree char *known = lab_chart_layers_dup_known_ids ();
      char *text = g_strdup_printf (_("Layers to draw beside the task lanes, added to the "
                                      "default (a lesson's own, with run --preset or for a run "
                                      "saved as a lesson, else every layer): %s, or all "
                                      "(e.g. --show cores,gil)"), known);

      g_once_init_leave (&help, text);
    }
  return help;
}

void
_lab_cli_image_add_entries (GOptionContext  *context,
                            LabCliImageArgs *args,
                            LabCliSummary    default_summary)
{
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &args->output,
      N_("Write the chart to FILE; PNG, SVG or PDF by its extension "
         "(e.g. -o chart.png). Written whole or not at all"), N_("FILE") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &args->format,
      N_("Image format when the extension does not say: png, svg or pdf (e.g. --format svg)"),
      N_("FORMAT") },
    { "size", 0, 0, G_OPTION_ARG_STRING, &args->size,
      N_("Image size in pixels, from 320x240 to 7680x4320; default 1920x1080 (e.g. --size 1280x720)"),
      N_("WxH") },
    { "scale", 0, 0, G_OPTION_ARG_STRING, &args->scale,
      N_("Pixels per unit of a PNG, 1 or 2 for HiDPI; default 1 (e.g. --scale 2)"), N_("1|2") },
    { "theme", 0, 0, G_OPTION_ARG_STRING, &args->theme,
      N_("Colours: light or dark; default light (e.g. --theme dark)"), N_("THEME") },
    { "own-scale", 0, 0, G_OPTION_ARG_NONE, &args->own_scale,
      N_("Draw each model on its own time scale instead of one shared axis (e.g. --own-scale)"),
      NULL },
    { "transparent", 0, 0, G_OPTION_ARG_NONE, &args->transparent,
      N_("Leave the background transparent (e.g. --transparent)"), NULL },
    { "baseline", 0, 0, G_OPTION_ARG_FILENAME, &args->baseline,
      N_("Draw a what-if comparison: the comparison saved in FILE as the run before, this one "
         "beside it on one time axis, with each model's change of time; a trace written by run "
         "keeps the run before inside, so that render draws the pair from it alone "
         "(e.g. --baseline before.json)"), N_("FILE") },
    { "show", 0, 0, G_OPTION_ARG_STRING, &args->show, show_help (), N_("LIST") },
    { "hide", 0, 0, G_OPTION_ARG_STRING, &args->hide,
      N_("Layers to leave out, before --show adds its own: the same names, or all "
         "(e.g. --hide flight, or --hide all --show loop)"), N_("LIST") },
    { "title", 0, 0, G_OPTION_ARG_NONE, &args->title,
      N_("Put a title band above the chart: the lesson's title and claim (the default for a "
         "lesson), or the workload for one made by hand (e.g. --title)"), NULL },
    { "no-title", 0, 0, G_OPTION_ARG_NONE, &args->no_title,
      N_("Leave the title band out, also for a lesson (e.g. --no-title)"), NULL },
    { "summary", 0, 0, G_OPTION_ARG_STRING, &args->summary,
      default_summary == LAB_CLI_SUMMARY_TEXT
        ? N_("Print a summary on standard output: text (a table, the default), json or none "
             "(e.g. --summary json)")
        : N_("Print a summary on standard output: text (a table), json or none (the default) "
             "(e.g. --summary json)"),
      N_("FORMAT") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

static gboolean
parse_size (const char  *text,
            guint       *out_width,
            guint       *out_height,
            GError     **error)
{
  const char *x = strchr (text, 'x');
  g_autofree char *w = NULL;

  if (x == NULL)
    x = strchr (text, 'X');
  if (x == NULL || x == text || x[1] == '\0')
    {
      _lab_cli_set_usage_error (error, "--size",
                                _("“%s” is not a size; write WIDTHxHEIGHT, e.g. 1920x1080"), text);
      return FALSE;
    }

  w = g_strndup (text, (gsize) (x - text));
  if (strspn (w, "0123456789") != strlen (w) || strspn (x + 1, "0123456789") != strlen (x + 1))
    {
      _lab_cli_set_usage_error (error, "--size",
                                _("“%s” is not a size; write WIDTHxHEIGHT, e.g. 1920x1080"), text);
      return FALSE;
    }
  if (!_lab_cli_parse_uint ("--size", w, LAB_CLI_MIN_WIDTH, LAB_CLI_MAX_WIDTH, out_width, NULL) ||
      !_lab_cli_parse_uint ("--size", x + 1, LAB_CLI_MIN_HEIGHT, LAB_CLI_MAX_HEIGHT, out_height, NULL))
    {
      _lab_cli_set_usage_error (error, "--size",
                                _("“%s” is outside %ux%u to %ux%u"), text,
                                LAB_CLI_MIN_WIDTH, LAB_CLI_MIN_HEIGHT,
                                LAB_CLI_MAX_WIDTH, LAB_CLI_MAX_HEIGHT);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_summary (const char     *text,
               LabCliSummary  *out_summary,
               GError        **error)
{
  if (g_str_equal (text, "text"))
    *out_summary = LAB_CLI_SUMMARY_TEXT;
  else if (g_str_equal (text, "json"))
    *out_summary = LAB_CLI_SUMMARY_JSON;
  else if (g_str_equal (text, "none"))
    *out_summary = LAB_CLI_SUMMARY_NONE;
  else
    {
      _lab_cli_set_usage_error (error, "--summary",
                                _("“%s” is not a summary format (use text, json or none)"), text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_theme (const char  *text,
             LabTheme    *out_theme,
             GError     **error)
{
  if (g_str_equal (text, "light"))
    *out_theme = LAB_THEME_LIGHT;
  else if (g_str_equal (text, "dark"))
    *out_theme = LAB_THEME_DARK;
  else
    {
      _lab_cli_set_usage_error (error, "--theme", _("“%s” is not a theme (use light or dark)"), text);
      return FALSE;
    }
  return TRUE;
}

/* The format: --format when given, else the extension of --output. Both
 * given and disagreeing is a mistake worth pointing out. */
static gboolean
resolve_format (const LabCliImageArgs *args,
                LabExportFormat       *out_format,
                GError               **error)
{
  LabExportFormat by_path;
  g_autoptr(GError) path_error = NULL;
  gboolean have_path_format;

  have_path_format = lab_export_format_from_path (args->output, &by_path, &path_error);
  if (args->format == NULL)
    {
      if (!have_path_format)
        {
          _lab_cli_set_usage_error (error, "--output", "%s; %s", path_error->message,
                                    _("or give --format"));
          return FALSE;
        }
      *out_format = by_path;
      return TRUE;
    }

  if (!lab_export_format_from_string (args->format, out_format))
    {
      _lab_cli_set_usage_error (error, "--format",
                                _("“%s” is not an image format (use png, svg or pdf)"), args->format);
      return FALSE;
    }
  if (have_path_format && by_path != *out_format)
    {
      _lab_cli_set_usage_error (error, "--format",
                                _("“%s” contradicts the extension of “%s”"),
                                args->format, args->output);
      return FALSE;
    }
  return TRUE;
}

/* Picture options with no picture to apply to are most likely a forgotten -o. */
static gboolean
check_no_picture_options (const LabCliImageArgs *args,
                          GError               **error)
{
  const char *option = args->size != NULL ? "--size"
                       : args->scale != NULL ? "--scale"
                       : args->theme != NULL ? "--theme"
                       : args->format != NULL ? "--format"
                       : args->own_scale ? "--own-scale"
                       : args->transparent ? "--transparent"
                       : args->baseline != NULL ? "--baseline"
                       : args->show != NULL ? "--show"
                       : args->hide != NULL ? "--hide"
                       : args->title ? "--title"
                       : args->no_title ? "--no-title"
                       : NULL;

  if (option == NULL)
    return TRUE;
  _lab_cli_set_usage_error (error, option, _("shapes the image, but no --output was given"));
  return FALSE;
}

static gboolean
parse_layers (const char      *option,
              const char      *text,
              LabChartLayers  *out_layers,
              GError         **error)
{
  g_autoptr(GError) local_error = NULL;

  *out_layers = LAB_CHART_LAYERS_NONE;
  if (text == NULL || lab_chart_layers_parse (text, out_layers, &local_error))
    return TRUE;
  _lab_cli_set_usage_error (error, option, "%s", local_error->message);
  return FALSE;
}

/* --show adds, --hide leaves out: a layer named in both is a
 * contradiction ("--hide all --show loop" is not). */
static gboolean
resolve_layers (const LabCliImageArgs  *args,
                LabCliImage            *out,
                GError                **error)
{
  LabChartLayers both;

  if (!parse_layers ("--show", args->show, &out->show, error)
      || !parse_layers ("--hide", args->hide, &out->hide, error))
    return FALSE;
  both = out->show == LAB_CHART_LAYERS_ALL || out->hide == LAB_CHART_LAYERS_ALL
         ? LAB_CHART_LAYERS_NONE : out->show & out->hide;
  for (guint i = 0; i < lab_chart_layers_get_n () && both != 0; i++)
    if (both & lab_chart_layers_from_index (i))
      {
        _lab_cli_set_usage_error (error, "--hide", _("“%s” is also in --show"),
                                  lab_chart_layers_get_id (i));
        return FALSE;
      }
  return TRUE;
}

static gboolean
resolve_picture (LabCliImageArgs  *args,
                 LabCliImage      *out,
                 GError          **error)
{
  if (args->output[0] == '\0')
    {
      _lab_cli_set_usage_error (error, "--output", _("the file name is empty"));
      return FALSE;
    }
  if (args->size != NULL && !parse_size (args->size, &out->width, &out->height, error))
    return FALSE;
  if (args->scale != NULL &&
      !g_str_equal (args->scale, "1") && !g_str_equal (args->scale, "2"))
    {
      _lab_cli_set_usage_error (error, "--scale", _("“%s” is not 1 or 2"), args->scale);
      return FALSE;
    }
  if (args->scale != NULL)
    out->scale = args->scale[0] == '2' ? 2 : 1;
  if (args->theme != NULL && !parse_theme (args->theme, &out->theme, error))
    return FALSE;
  if (!resolve_format (args, &out->format, error))
    return FALSE;
  if (out->scale != 1 && out->format != LAB_EXPORT_PNG)
    {
      _lab_cli_set_usage_error (error, "--scale",
                                _("applies to PNG only; SVG and PDF scale by themselves"));
      return FALSE;
    }
  out->output = args->output;
  out->own_scale = args->own_scale;
  out->transparent = args->transparent;
  if (args->baseline != NULL && args->baseline[0] == '\0')
    {
      _lab_cli_set_usage_error (error, "--baseline", _("the file name is empty"));
      return FALSE;
    }
  out->baseline = args->baseline;
  if (args->title && args->no_title)
    {
      _lab_cli_set_usage_error (error, "--no-title", _("contradicts --title"));
      return FALSE;
    }
  out->title = args->title ? 1 : args->no_title ? 0 : -1;
  return resolve_layers (args, out, error);
}

/**
 * _lab_cli_image_resolve:
 * @args: the options as typed; @out_image points into it
 * @output_required: whether a missing --output is a usage error
 *
 * Checks the image and summary options.
 */
gboolean
_lab_cli_image_resolve (LabCliImageArgs  *args,
                        gboolean          output_required,
                        LabCliSummary     default_summary,
                        LabCliImage      *out_image,
                        GError          **error)
{
  memset (out_image, 0, sizeof *out_image);
  out_image->width = LAB_CHART_SLIDE_WIDTH;
  out_image->height = LAB_CHART_SLIDE_HEIGHT;
  out_image->scale = 1;
  out_image->theme = LAB_THEME_LIGHT;
  out_image->summary = default_summary;
  out_image->default_layers = LAB_CHART_LAYERS_ALL;

  if (args->summary != NULL && !parse_summary (args->summary, &out_image->summary, error))
    return FALSE;

  if (args->output == NULL)
    {
      if (output_required)
        {
          _lab_cli_set_usage_error (error, "--output", _("is required: the image file to write"));
          return FALSE;
        }
      return check_no_picture_options (args, error);
    }
  return resolve_picture (args, out_image, error);
}

void
_lab_cli_image_args_clear (LabCliImageArgs *args)
{
  g_clear_pointer (&args->output, g_free);
  g_clear_pointer (&args->size, g_free);
  g_clear_pointer (&args->scale, g_free);
  g_clear_pointer (&args->theme, g_free);
  g_clear_pointer (&args->format, g_free);
  g_clear_pointer (&args->summary, g_free);
  g_clear_pointer (&args->baseline, g_free);
  g_clear_pointer (&args->show, g_free);
  g_clear_pointer (&args->hide, g_free);
}

void
_lab_cli_image_chart_options (const LabCliImage *image,
                              LabChartOptions   *options)
{
  lab_chart_options_init (options, image->width, image->height);
  options->theme = image->theme;
  options->transparent = image->transparent;
  options->own_scale = image->own_scale;
  options->scale = image->scale;
  options->layers = (image->default_layers & ~image->hide) | image->show;
}
