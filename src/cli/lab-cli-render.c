/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "lab-chart-layers.h"
#include "lab-cli-private.h"
#include "lab-trace-json.h"

/* `concurrency-lab render TRACE.json -o FILE`: draws a saved comparison
 * again, at another size, scale, theme or format, with no new run. */

typedef struct
{
  gboolean         version;
  LabCliImageArgs  image;
  LabCliReplayArgs replay;
} RenderArgs;

static void
render_args_clear (RenderArgs *args)
{
  _lab_cli_image_args_clear (&args->image);
  _lab_cli_replay_args_clear (&args->replay);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RenderArgs, render_args_clear)

static GOptionContext *
render_context_new (RenderArgs *args)
{
  const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, &args->version,
      N_("Print the version and exit (e.g. --version)"), NULL },
    { NULL }
  };
  /* TRANSLATORS: the argument of `concurrency-lab render` */
  GOptionContext *context = g_option_context_new (_("TRACE.json"));

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  _lab_cli_image_add_entries (context, &args->image, LAB_CLI_SUMMARY_NONE);
  _lab_cli_replay_add_entries (context, &args->replay);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("Draws a comparison saved with “concurrency-lab run --trace” (or from the window) as a "
      "PNG, SVG or PDF image. Needs no display."));
  g_option_context_set_description (context,
    _("Examples:\n"
      "  concurrency-lab render run.json -o run.png\n"
      "  concurrency-lab render run.json -o slide.png --size 1280x720 --scale 2 --theme dark\n"
      "  concurrency-lab render run.json -o run.pdf --own-scale --summary text\n"
      "  concurrency-lab render run.json --replay-frames frames --fps 10 --speed 0.25\n"
      "  concurrency-lab render run.json --animate replay.svg --size 1280x720\n"
      "  concurrency-lab render run.json -o lanes.png --hide all --show cores\n"
      "\n"
      "Exit status:\n"
      "  0  the image was written\n"
      "  1  the trace could not be read (the message says what is wrong in it) or the image\n"
      "     could not be written; an existing file of that name is left as it was\n"
      "  2  an option or the TRACE argument is wrong or missing, or the --baseline run is not\n"
      "     like it (another workload, other workers or order, no model in common)\n"));
  return context;
}

static gboolean
check_arguments (int      argc,
                 char   **argv,
                 GError **error)
{
  if (argc < 2)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("missing the TRACE.json argument: the saved comparison to draw"));
      return FALSE;
    }
  if (argc > 2)
    {
      _lab_cli_set_usage_error (error, argv[2], _("unexpected argument; render draws one trace"));
      return FALSE;
    }
  if (argv[1][0] == '\0')
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("the TRACE.json argument is empty"));
      return FALSE;
    }
  return TRUE;
}

/* A run saved as a lesson draws that lesson's layers by default, as
 * `run --preset` does; anything else every layer. */
static LabCliImage
with_lesson_layers (const LabCliImage *image,
                    LabComparison     *comparison)
{
  g_autofree char *lesson = lab_comparison_dup_lesson (comparison);
  const LabPreset *preset = lesson != NULL ? lab_preset_find (lesson) : NULL;
  LabCliImage drawn = *image;

  if (preset != NULL)
    lab_chart_layers_parse (lab_preset_get_layers (preset), &drawn.default_layers, NULL);
  return drawn;
}

static int
render (const char         *trace_path,
        const LabCliImage  *given,
        const LabCliReplay *replay)
{
  g_autoptr(LabComparison) comparison = NULL;
  g_autoptr(GError) error = NULL;
  LabCliImage drawn;
  const LabCliImage *image = given;

  if ((image->output != NULL && !_lab_cli_check_writable (image->output, &error))
      || !_lab_cli_replay_check_writable (replay, &error))
    return _lab_cli_report_failure ("render", error->message, LAB_CLI_EXIT_FAILED);
  comparison = lab_trace_json_load (trace_path, &error);
  if (comparison == NULL)
    return _lab_cli_report_failure ("render", error->message, LAB_CLI_EXIT_FAILED);
  if (given->baseline != NULL)
    {
      g_autoptr(LabComparison) baseline = _lab_cli_load_baseline (given, &error);

      if (baseline == NULL)
        return _lab_cli_report_failure ("render", error->message, LAB_CLI_EXIT_FAILED);
      /* Drawn side by side, two runs must be like with like. */
      if (!lab_run_plan_is_like (lab_comparison_get_plan (baseline),
                                 lab_comparison_get_plan (comparison), &error))
        {
          g_prefix_error (&error, "--baseline: ");
          return _lab_cli_report_usage ("render", error);
        }
    }
  drawn = with_lesson_layers (given, comparison);
  image = &drawn;
  if ((image->output != NULL && !_lab_cli_write_image (comparison, image, &error))
      || !_lab_cli_write_replay (comparison, image, replay, &error))
    return _lab_cli_report_failure ("render", error->message, LAB_CLI_EXIT_FAILED);
  _lab_cli_print_summary (comparison, image->summary);
  return LAB_CLI_EXIT_OK;
}

int
_lab_cli_render_main (int    argc,
                      char **argv)
{
  g_auto(RenderArgs) args = { 0 };
  g_autoptr(GOptionContext) context = render_context_new (&args);
  g_autoptr(GError) error = NULL;
  LabCliImage image;
  LabCliReplay replay;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return _lab_cli_report_usage ("render", error);
  if (args.version)
    {
      g_print ("concurrency-lab %s\n", PACKAGE_VERSION);
      return LAB_CLI_EXIT_OK;
    }
  if (!check_arguments (argc, argv, &error)
      || !_lab_cli_replay_resolve (&args.replay, &replay, &error)
      || !_lab_cli_replay_resolve_image (&args.image, &replay, LAB_CLI_SUMMARY_NONE, &image,
                                         &error))
    return _lab_cli_report_usage ("render", error);
  return render (argv[1], &image, &replay);
}
