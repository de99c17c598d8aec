/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-cli"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <signal.h>
#include <unistd.h>

#include "lab-cli-private.h"
#include "lab-duration.h"
#include "lab-runner.h"
#include "lab-tracer.h"

/* `concurrency-lab trace -- COMMAND [ARGS…]`: runs a program of the
 * user's, measures every thread of every process it starts from the
 * kernel's counters, and writes the same chart, trace and summary as
 * `run`. The program keeps this terminal and its standard streams; its
 * exit status is the command's. SIGINT and SIGTERM are passed on to it,
 * and whatever is left after the grace period is killed, so nothing it
 * started outlives the command; what was measured is still written. */

#define MAX_GRACE_NS (60 * G_GINT64_CONSTANT (1000000000))

typedef struct
{
  char            *rate;
  char            *directory;
  char            *kill_after;
  char            *trace;
  gboolean         python_tasks;
  gboolean         version;
  LabCliImageArgs  image;
} TraceArgs;

static void
trace_args_clear (TraceArgs *args)
{
  g_clear_pointer (&args->rate, g_free);
  g_clear_pointer (&args->directory, g_free);
  g_clear_pointer (&args->kill_after, g_free);
  g_clear_pointer (&args->trace, g_free);
  _lab_cli_image_args_clear (&args->image);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TraceArgs, trace_args_clear)

static GOptionContext *
trace_context_new (TraceArgs *args)
{
  const GOptionEntry entries[] = {
    { "rate", 0, 0, G_OPTION_ARG_STRING, &args->rate,
      N_("Readings per second of each thread that is doing something, 1 to 10000; default "
         "1000 (e.g. --rate 200)"), N_("HZ") },
    { "python-tasks", 0, 0, G_OPTION_ARG_NONE, &args->python_tasks,
      N_("For a Python program: also draw a lane per asyncio task, from a small module the "
         "program loads; what it computes does not change (e.g. --python-tasks)"), NULL },
    { "directory", 'C', 0, G_OPTION_ARG_FILENAME, &args->directory,
      N_("Run the command in this folder (e.g. -C ~/project)"), N_("DIR") },
    { "kill-after", 0, 0, G_OPTION_ARG_STRING, &args->kill_after,
      N_("After Ctrl+C or SIGTERM has been passed on, kill what is left of the program after "
         "this long, at most 1 min; default 3s (e.g. --kill-after 10s)"), N_("D") },
    { "trace", 't', 0, G_OPTION_ARG_FILENAME, &args->trace,
      N_("Save the measurements as JSON, to render again or open in Perfetto "
         "(e.g. --trace program.json)"), N_("FILE") },
    { NULL }
  };
  const GOptionEntry last_entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, &args->version,
      N_("Print the version and exit (e.g. --version)"), NULL },
    { NULL }
  };
  GOptionContext *context = g_option_context_new (_("[--] COMMAND [ARGUMENT…]"));

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  /* Options end at the command: its own options are its own. */
  g_option_context_set_strict_posix (context, TRUE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  _lab_cli_image_add_entries (context, &args->image, LAB_CLI_SUMMARY_NONE);
  g_option_context_add_main_entries (context, last_entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("Runs a program of yours and measures every thread of every process it starts, from the "
      "kernel's own counters: running, waiting for a core, waiting for a lock, waiting for I/O, "
      "and the core it ran on. Writes the chart, the measurements and a summary as “run” does. "
      "Needs no display, no root and no change to the program."));
  g_option_context_set_description (context,
    _("Examples:\n"
      "  concurrency-lab trace -o gil.png -- python3 gil_threads.py\n"
      "  concurrency-lab trace --python-tasks -o waits.png -- python3 asyncio_waits.py\n"
      "  concurrency-lab trace --summary json -- make -j2\n"
      "  concurrency-lab trace --trace build.json -C ~/project -- sh -c \"make clean; make -j4\"\n"
      "\n"
      "The program's standard streams are this command's, and it keeps the terminal. The\n"
      "summary (--summary) is printed after it ends.\n"
      "\n"
      "Exit status:\n"
      "  the program's own: its exit code, or 128 + the signal that ended it\n"
      "  1    the program succeeded but a file could not be written\n"
      "  2    an option is wrong (the message names it)\n"
      "  126  the command was found but could not be run\n"
      "  127  the command was not found\n"));
  return context;
}

typedef struct
{
  LabCliImage  image;
  const char  *trace;
  guint        rate_hz;
  gint64       grace_ns;
  char       **command;   /* borrowed from argv */
} TracePlan;

static gboolean
check_options (TraceArgs  *args,
               int         argc,
               char      **argv,
               TracePlan  *plan,
               GError    **error)
{
  int first = 1;

  if (first < argc && g_str_equal (argv[first], "--"))
    first++;
  if (first >= argc || argv[first][0] == '\0')
    {
      _lab_cli_set_usage_error (error, "COMMAND",
                                _("no command to trace: write it after the options, "
                                  "e.g. trace -o out.png -- python3 script.py"));
      return FALSE;
    }
  plan->command = argv + first;
  plan->rate_hz = LAB_TRACER_DEFAULT_RATE_HZ;
  if (args->rate != NULL && !_lab_cli_parse_uint ("--rate", args->rate, 1, LAB_TRACER_MAX_RATE_HZ,
                                                  &plan->rate_hz, error))
    return FALSE;
  plan->grace_ns = LAB_TRACER_DEFAULT_GRACE_NS;
  if (args->kill_after != NULL)
    {
      if (!_lab_cli_parse_duration ("--kill-after", args->kill_after, &plan->grace_ns, error))
        return FALSE;
      if (plan->grace_ns > MAX_GRACE_NS)
        {
          _lab_cli_set_usage_error (error, "--kill-after", _("“%s” is more than 1 minute"),
                                    args->kill_after);
          return FALSE;
        }
    }
  if (args->directory != NULL && !g_file_test (args->directory, G_FILE_TEST_IS_DIR))
    {
      _lab_cli_set_usage_error (error, "--directory", _("“%s” is not a folder"), args->directory);
      return FALSE;
    }
  if (args->trace != NULL && args->trace[0] == '\0')
    {
      _lab_cli_set_usage_error (error, "--trace", _("the file name is empty"));
      return FALSE;
    }
  plan->trace = args->trace;
  return _lab_cli_image_resolve (&args->image, FALSE, LAB_CLI_SUMMARY_NONE, &plan->image, error);
}

/* Tracing, with a main loop that passes signals on */

typedef struct
{
  GMainLoop     *loop;
  LabTracer     *tracer;
  LabComparison *comparison;
} TraceState;

static gboolean
on_sigint_cb (gpointer user_data)
{
  lab_tracer_stop (((TraceState *) user_data)->tracer, SIGINT);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_sigterm_cb (gpointer user_data)
{
  lab_tracer_stop (((TraceState *) user_data)->tracer, SIGTERM);
  return G_SOURCE_CONTINUE;
}

static void
on_traced_cb (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  TraceState *state = user_data;

  state->comparison = lab_tracer_wait_finish (LAB_TRACER (source_object), result, NULL);
  g_main_loop_quit (state->loop);
}

static LabComparison *
trace_with_signals (LabTracer *tracer)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  TraceState state = { loop, tracer, NULL };
  guint sigint_id = g_unix_signal_add (SIGINT, on_sigint_cb, &state);
  guint sigterm_id = g_unix_signal_add (SIGTERM, on_sigterm_cb, &state);

  lab_tracer_wait_async (tracer, NULL, on_traced_cb, &state);
  g_main_loop_run (loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  return state.comparison;
}

static int
start_failure (const GError *error)
{
  int code = LAB_CLI_EXIT_FAILED;

  if (g_error_matches (error, LAB_TRACER_ERROR, LAB_TRACER_ERROR_NOT_FOUND))
    code = 127;
  else if (g_error_matches (error, LAB_TRACER_ERROR, LAB_TRACER_ERROR_NOT_EXECUTABLE))
    code = 126;
  return _lab_cli_report_failure ("trace", error->message, code);
}

/* One line on standard error when nothing else was asked for, so that a
 * bare `trace -- cmd` says what it measured and how to see it. */
static void
report_measured (LabComparison *comparison)
{
  g_autoptr(LabTrace) trace = lab_comparison_dup_trace (comparison, 0);
  LabObserved *roster = lab_trace_get_observed (trace);
  g_autofree char *elapsed = lab_duration_format (lab_trace_get_end_ns (trace)
                                                  - lab_trace_get_begin_ns (trace));
  guint n_processes = lab_observed_get_n_processes (roster);
  guint n_lanes = lab_trace_get_n_tasks (trace);
  g_autofree char *processes = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u process",
                                                             "%u processes", n_processes),
                                                n_processes);
  g_autofree char *lanes = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u thread",
                                                         "%u threads", n_lanes), n_lanes);

  /* TRANSLATORS: "5 threads in 2 processes measured for 3.02 s; …" */
  g_printerr (_("concurrency-lab trace: %s in %s measured for %s; "
                "-o FILE draws them, --summary text lists them\n"), lanes, processes, elapsed);
}

static int
trace_plan (TraceArgs *args,
            TracePlan *plan)
{
  g_autoptr(LabTracer) tracer = lab_tracer_new ((const char * const *) plan->command);
  g_autoptr(LabComparison) comparison = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!_lab_cli_check_results_writable (&plan->image, plan->trace, &error))
    return _lab_cli_report_failure ("trace", error->message, LAB_CLI_EXIT_FAILED);

  lab_tracer_set_rate (tracer, plan->rate_hz);
  lab_tracer_set_grace_ns (tracer, plan->grace_ns);
  lab_tracer_set_directory (tracer, args->directory);
  lab_tracer_set_adopt_orphans (tracer, TRUE);
  lab_tracer_set_foreground (tracer, TRUE);
  if (args->python_tasks)
    lab_tracer_set_python_tasks (tracer, lab_python_tasks_find_dir ());
  if (!lab_tracer_start (tracer, &error))
    return start_failure (error);

  comparison = trace_with_signals (tracer);
  status = lab_tracer_get_exit_code (tracer);
  if (!_lab_cli_write_results ("trace", comparison, &plan->image, plan->trace) && status == 0)
    status = LAB_CLI_EXIT_FAILED;
  if (plan->image.summary != LAB_CLI_SUMMARY_NONE)
    _lab_cli_print_summary (comparison, plan->image.summary);
  else if (plan->image.output == NULL && plan->trace == NULL)
    report_measured (comparison);
  return status;
}

int
_lab_cli_trace_main (int    argc,
                     char **argv)
{
  g_auto(TraceArgs) args = { 0 };
  TracePlan plan = { 0 };
  g_autoptr(GOptionContext) context = trace_context_new (&args);
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return _lab_cli_report_usage ("trace", error);
  if (args.version)
    {
      g_print ("concurrency-lab %s\n", PACKAGE_VERSION);
      return LAB_CLI_EXIT_OK;
    }
  if (!check_options (&args, argc, argv, &plan, &error))
    return _lab_cli_report_usage ("trace", error);
  return trace_plan (&args, &plan);
}
