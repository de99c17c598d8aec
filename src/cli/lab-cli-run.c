/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-cli"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <signal.h>
#include <unistd.h>

#include "lab-affinity.h"
#include "lab-chart-layers.h"
#include "lab-cli-private.h"
#include "lab-clock.h"
#include "lab-cpu-monitor.h"
#include "lab-cpu.h"
#include "lab-duration.h"
#include "lab-run-entry.h"
#include "lab-runner.h"

/* `concurrency-lab run`: runs a workload under the chosen models, then
 * writes the chart, the trace and a summary. Ctrl+C (SIGINT) or SIGTERM
 * cancels the runner, which stops every model, joins its threads and
 * reaps its worker processes; nothing is written after an interruption.
 * --stop-after stops the run the same way after a time, and then writes
 * what was measured, marked as stopped. */

#define MIN_SWITCH_INTERVAL_NS LAB_NS_PER_US
#define MAX_SWITCH_INTERVAL_NS LAB_NS_PER_S

typedef struct
{
  char               *models;
  char               *workers;
  char               *switch_interval;
  char               *cores;
  char               *predict;
  char               *trace;
  char               *stop_after;
  gboolean            all_at_once;
  gboolean            version;
  LabCliWorkloadArgs  workload;
  LabCliImageArgs     image;
  LabCliReplayArgs    replay;
} RunArgs;

/* The checked options: the run's plan, built from them as they are
 * checked, and what to do with the run. */
typedef struct
{
  LabWorkload       *workload;
  const LabModel   **models;        /* every model once, for the checks */
  GArray            *entries;       /* of LabRunEntry: what runs, in order */
  LabRunPlanBuilder *builder;       /* while the options are checked */
  LabRunPlan        *plan;          /* then what runs, whole */
  gint64             stop_after_ns; /* --stop-after; 0: none */
  GArray            *predictions;   /* of LabCliPrediction; NULL without --predict */
  const LabPreset   *lesson;        /* --preset as the lesson is: its models and workers */
  LabCliImage        image;
  LabCliReplay       replay;
} RunOptions;

static void
run_args_clear (RunArgs *args)
{
  g_clear_pointer (&args->models, g_free);
  g_clear_pointer (&args->workers, g_free);
  g_clear_pointer (&args->switch_interval, g_free);
  g_clear_pointer (&args->cores, g_free);
  g_clear_pointer (&args->predict, g_free);
  g_clear_pointer (&args->trace, g_free);
  g_clear_pointer (&args->stop_after, g_free);
  _lab_cli_workload_args_clear (&args->workload);
  _lab_cli_image_args_clear (&args->image);
  _lab_cli_replay_args_clear (&args->replay);
}

static void
run_options_clear (RunOptions *opts)
{
  g_clear_pointer (&opts->workload, lab_workload_unref);
  g_clear_pointer (&opts->builder, lab_run_plan_builder_free);
  g_clear_pointer (&opts->plan, lab_run_plan_unref);
  g_clear_pointer (&opts->models, g_free);
  g_clear_pointer (&opts->entries, g_array_unref);
  g_clear_pointer (&opts->predictions, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RunArgs, run_args_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RunOptions, run_options_clear)

static GOptionContext *
run_context_new (RunArgs *args)
{
  const GOptionEntry entries[] = {
    { "models", 'm', 0, G_OPTION_ARG_STRING, &args->models,
      N_("Models to run, in order, separated by commas; default all: sequential, event-loop, "
         "loop-offload, threads, threads-gil, processes, process-per-task. A model may take its "
         "own worker count after a colon, a number, “tasks” (one per task) or “cores”, and "
         "run more than once (e.g. --models sequential,event-loop or "
         "--models threads:tasks,threads:cores)"),
      N_("LIST") },
    { "kind", 'k', 0, G_OPTION_ARG_STRING, &args->workload.kind,
      N_("What the tasks do: io (wait), cpu (compute) or mixed (compute, wait, compute); "
         "default io (e.g. --kind cpu)"), N_("KIND") },
    { "tasks", 'n', 0, G_OPTION_ARG_STRING, &args->workload.tasks,
      N_("Number of tasks, 1 to 100000; default 4, or the length of --durations (e.g. --tasks 8)"),
      N_("N") },
    { "duration", 'd', 0, G_OPTION_ARG_STRING, &args->workload.duration,
      N_("Work of every task, in µs, ms, s or min (no unit: seconds), at most 1 hour; default 1s "
         "(e.g. --duration 500ms)"), N_("D") },
    { "durations", 0, 0, G_OPTION_ARG_STRING, &args->workload.durations,
      N_("One duration per task, a unit on the last applying to all, or a seeded random spread "
         "for --tasks tasks (e.g. --durations 3,1,2s or --durations random:0.5s..2s:seed=7)"),
      N_("LIST") },
    { "mix", 0, 0, G_OPTION_ARG_STRING, &args->workload.mix,
      N_("Shares of a mixed task in percent: compute/wait/compute, adding up to 100; default "
         "20/60/20 (e.g. --kind mixed --mix 30/40/30)"), N_("C/W/C") },
    { "workload", 'w', 0, G_OPTION_ARG_STRING, &args->workload.workload,
      N_("The whole workload as text, instead of --kind, --tasks and --duration(s) "
         "(e.g. --workload \"io 20x100ms + cpu 1x1s\")"), N_("TEXT") },
    { "preset", 0, 0, G_OPTION_ARG_STRING, &args->workload.preset,
      N_("Run a lesson: one-cook, heavy-math, gil, blocking, too-many-cooks, start-up or "
         "connections, sized to this machine's cores; --models and --workers still apply "
         "(e.g. --preset one-cook)"),
      N_("ID") },
    { "workers", 0, 0, G_OPTION_ARG_STRING, &args->workers,
      N_("Threads or processes per model; 0: one thread per task (at most 1024 threads, 256 "
         "processes); default the number of cores (e.g. --workers 4)"), N_("N") },
    { "switch-interval", 0, 0, G_OPTION_ARG_STRING, &args->switch_interval,
      N_("How long threads-gil lets a thread hold the lock, 1µs to 1s; default 5ms "
         "(e.g. --switch-interval 1ms)"), N_("D") },
    { "cores", 0, 0, G_OPTION_ARG_STRING, &args->cores,
      N_("What if there were fewer cores: confine every model to the first N cores by CPU "
         "affinity, 1 to this machine's cores; the idle ones stay visible (e.g. --cores 1)"),
      N_("N") },
    { "all-at-once", 0, 0, G_OPTION_ARG_NONE, &args->all_at_once,
      N_("Run the models at the same time instead of one after another, so they compete for "
         "the cores (e.g. --all-at-once)"), NULL },
    { "predict", 0, 0, G_OPTION_ARG_STRING, &args->predict,
      N_("Your guess of each model's total time, judged after the run: marked on the chart, "
         "with a verdict in the summary (e.g. --predict sequential=6s,event-loop=3s)"),
      N_("MODEL=D,…") },
    { "trace", 't', 0, G_OPTION_ARG_FILENAME, &args->trace,
      N_("Save the measurements as JSON, to render again or open in Perfetto "
         "(e.g. --trace run.json)"), N_("FILE") },
    { "stop-after", 0, 0, G_OPTION_ARG_STRING, &args->stop_after,
      N_("Stop the run after this long, as the window's Stop does, and write what was measured "
         "so far, marked as stopped: no speedup, ideal or verdict for a part of the work, the "
         "models not started listed as not run; exits with 1 (e.g. --stop-after 2s)"),
      N_("D") },
    { NULL }
  };
  const GOptionEntry last_entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, &args->version,
      N_("Print the version and exit (e.g. --version)"), NULL },
    { NULL }
  };
  GOptionContext *context = g_option_context_new (NULL);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  _lab_cli_image_add_entries (context, &args->image, LAB_CLI_SUMMARY_TEXT);
  _lab_cli_replay_add_entries (context, &args->replay);
  g_option_context_add_main_entries (context, last_entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("Runs a workload under the execution models, measuring what every task and every core "
      "did, and writes the chart, the measurements and a summary. Needs no display."));
  g_option_context_set_description (context,
    _("Examples:\n"
      "  concurrency-lab run --models sequential,event-loop --kind io --durations 3,1,2s -o io.png\n"
      "  concurrency-lab run --kind cpu --tasks 8 --duration 500ms --workers 2 --summary json\n"
      "  concurrency-lab run --preset gil --trace gil.json -o gil.svg --theme dark\n"
      "  concurrency-lab run --preset one-cook --predict sequential=6s,event-loop=6s -o guess.png\n"
      "  concurrency-lab run --workload \"mixed 6x1s mix=30/40/30\" -o mixed.pdf\n"
      "  concurrency-lab run --preset heavy-math --cores 1 --baseline all-cores.json -o what-if.png\n"
      "  concurrency-lab run --preset blocking --animate blocking.svg --speed 0.25\n"
      "  concurrency-lab run --preset one-cook -o one-cook.png --show flight\n"
      "\n"
      "Exit status:\n"
      "  0    every model ran every task, every file was written\n"
      "  1    a model or a task failed, a file could not be written, or --stop-after stopped\n"
      "       the run; what was measured is still summarized and written, the summary names\n"
      "       the model's error or says where the run stopped\n"
      "  2    an option is wrong (the message names it), or the --baseline run is not like this\n"
      "       one (another workload, other workers or order, no model in common)\n"
      "  130  interrupted by Ctrl+C (SIGINT), 143 stopped by SIGTERM: the models are stopped,\n"
      "       their threads and processes ended, and no file is written\n"));
  return context;
}

static gboolean
is_processes (const LabModel *model)
{
  return model == &lab_model_processes || model == &lab_model_process_per_task;
}

static gboolean
check_workers (RunOptions  *opts,
               const char  *text,
               GError     **error)
{
  gboolean threads = FALSE;
  gboolean processes = FALSE;
  guint workers;

  if (!_lab_cli_parse_uint ("--workers", text, 0, G_MAXINT, &workers, error))
    return FALSE;
  for (guint i = 0; opts->models[i] != NULL; i++)
    {
      processes |= is_processes (opts->models[i]);
      threads |= opts->models[i] == &lab_model_threads || opts->models[i] == &lab_model_threads_gil;
    }

  if (workers > LAB_MAX_THREADS)
    _lab_cli_set_usage_error (error, "--workers", _("“%s” is more than the limit of %d threads"),
                              text, LAB_MAX_THREADS);
  else if (processes && workers > LAB_MAX_PROCESSES)
    _lab_cli_set_usage_error (error, "--workers",
                              _("“%s” is more than the limit of %d worker processes of the "
                                "processes model"), text, LAB_MAX_PROCESSES);
  else if (threads && workers == 0 &&
           lab_workload_get_n_tasks (opts->workload) > LAB_MAX_THREADS)
    _lab_cli_set_usage_error (error, "--workers",
                              _("0 means one thread per task: %u threads, more than the limit "
                                "of %d"), lab_workload_get_n_tasks (opts->workload),
                              LAB_MAX_THREADS);
  else
    {
      lab_run_plan_builder_set_n_workers (opts->builder, workers);
      return TRUE;
    }
  return FALSE;
}

static gboolean
check_switch_interval (RunOptions  *opts,
                       const char  *text,
                       GError     **error)
{
  gint64 ns;

  if (!_lab_cli_parse_duration ("--switch-interval", text, &ns, error))
    return FALSE;
  if (ns >= MIN_SWITCH_INTERVAL_NS && ns <= MAX_SWITCH_INTERVAL_NS)
    {
      lab_run_plan_builder_set_switch_interval_ns (opts->builder, ns);
      return TRUE;
    }
  _lab_cli_set_usage_error (error, "--switch-interval", _("“%s” is not between 1 µs and 1 s"), text);
  return FALSE;
}

static gboolean
check_cores (RunOptions  *opts,
             const char  *text,
             GError     **error)
{
  guint limit;

  /* The range says how many cores there are: "“3” is not between 1 and 2". */
  if (!_lab_cli_parse_uint ("--cores", text, 1, lab_affinity_count_available (), &limit, error))
    return FALSE;
  lab_run_plan_builder_set_core_limit (opts->builder, limit);
  return TRUE;
}

/* The models as entries (a model may run twice with its own workers),
 * and each model once for the checks that look at which models run. */
static gboolean
check_models (RunOptions       *opts,
              const char       *text,
              const LabPreset  *preset,
              GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) models = g_ptr_array_new ();

  if (text == NULL)
    text = preset != NULL ? preset->models : "all";
  opts->entries = lab_run_entries_parse (text, lab_cpu_count (), &local_error);
  if (opts->entries == NULL)
    {
      _lab_cli_set_usage_error (error, "--models", "%s", local_error->message);
      return FALSE;
    }
  for (guint i = 0; i < opts->entries->len; i++)
    {
      const LabModel *model = g_array_index (opts->entries, LabRunEntry, i).model;

      if (!g_ptr_array_find (models, model, NULL))
        g_ptr_array_add (models, (gpointer) model);
    }
  g_ptr_array_add (models, NULL);
  opts->models = (const LabModel **) g_ptr_array_free (g_steal_pointer (&models), FALSE);
  return TRUE;
}

/* A worker count given in --models obeys the limits --workers does. */
static gboolean
check_entry_workers (RunOptions  *opts,
                     GError     **error)
{
  guint n_tasks = lab_workload_get_n_tasks (opts->workload);

  for (guint i = 0; i < opts->entries->len; i++)
    {
      const LabRunEntry *entry = &g_array_index (opts->entries, LabRunEntry, i);
      g_autofree char *text = lab_run_entry_to_string (entry);

      if (entry->n_workers == LAB_RUN_WORKERS_DEFAULT)
        continue;
      if (is_processes (entry->model) && entry->n_workers > LAB_MAX_PROCESSES)
        _lab_cli_set_usage_error (error, "--models",
                                  _("“%s” is more than the limit of %d worker processes"),
                                  text, LAB_MAX_PROCESSES);
      else if (entry->n_workers == 0 && n_tasks > (is_processes (entry->model) ? LAB_MAX_PROCESSES
                                                                                : LAB_MAX_THREADS))
        _lab_cli_set_usage_error (error, "--models",
                                  _("“%s” means one worker per task: %u, more than the limit"),
                                  text, n_tasks);
      else
        continue;
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_stop_after (RunOptions  *opts,
                  const char  *text,
                  GError     **error)
{
  if (!_lab_cli_parse_duration ("--stop-after", text, &opts->stop_after_ns, error))
    return FALSE;
  if (opts->stop_after_ns > 0)
    return TRUE;
  _lab_cli_set_usage_error (error, "--stop-after", _("“%s” is not a time after the start"), text);
  return FALSE;
}

/* The picture options. --baseline shapes the image, and the trace too,
 * which keeps the run before inside (the what-if pair saved as one): with
 * --trace it needs no image. */
static gboolean
resolve_image (RunArgs     *args,
               RunOptions  *opts,
               GError     **error)
{
  g_autofree char *baseline = NULL;
  gboolean ok;

  if (args->trace != NULL && args->image.output == NULL)
    baseline = g_steal_pointer (&args->image.baseline);
  /* with a replay to write, the picture options shape its frames */
  if (opts->replay.frames != NULL || opts->replay.animate != NULL)
    ok = _lab_cli_replay_resolve_image (&args->image, &opts->replay, LAB_CLI_SUMMARY_TEXT,
                                        &opts->image, error);
  else
    ok = _lab_cli_image_resolve (&args->image, FALSE, LAB_CLI_SUMMARY_TEXT, &opts->image, error);
  if (baseline == NULL)
    return ok;
  args->image.baseline = g_steal_pointer (&baseline);
  if (ok && args->image.baseline[0] == '\0')
    {
      _lab_cli_set_usage_error (error, "--baseline", _("the file name is empty"));
      return FALSE;
    }
  opts->image.baseline = args->image.baseline;
  return ok;
}

static gboolean
check_options (RunArgs     *args,
               int          argc,
               char       **argv,
               RunOptions  *opts,
               GError     **error)
{
  const LabPreset *preset = NULL;
  guint workers;

  if (argc > 1)
    {
      _lab_cli_set_usage_error (error, argv[1], _("unexpected argument; run takes options only"));
      return FALSE;
    }
  opts->workload = _lab_cli_build_workload (&args->workload, &preset, error);
  if (opts->workload == NULL || !check_models (opts, args->models, preset, error)
      || !check_entry_workers (opts, error))
    return FALSE;
  /* other models or workers than the lesson's make another comparison */
  if (preset != NULL && args->models == NULL && args->workers == NULL)
    opts->lesson = preset;
  /* the run's workers: --workers, else the lesson's, else one per core */
  workers = preset != NULL ? lab_preset_get_workers (preset, lab_cpu_count ()) : lab_cpu_count ();
  opts->builder = lab_run_plan_builder_new (opts->workload, workers);
  lab_run_entries_add_to_plan (opts->entries, opts->builder);
  lab_run_plan_builder_set_all_at_once (opts->builder, args->all_at_once);
  if (args->workers != NULL && !check_workers (opts, args->workers, error))
    return FALSE;
  if (args->switch_interval != NULL &&
      !check_switch_interval (opts, args->switch_interval, error))
    return FALSE;
  if (args->cores != NULL && !check_cores (opts, args->cores, error))
    return FALSE;
  if (args->stop_after != NULL && !check_stop_after (opts, args->stop_after, error))
    return FALSE;
  if (args->predict != NULL)
    {
      opts->predictions = _lab_cli_parse_predictions (args->predict, opts->models, error);
      if (opts->predictions == NULL)
        return FALSE;
    }
  if (args->trace != NULL && args->trace[0] == '\0')
    {
      _lab_cli_set_usage_error (error, "--trace", _("the file name is empty"));
      return FALSE;
    }
  if (!_lab_cli_replay_resolve (&args->replay, &opts->replay, error))
    return FALSE;
  if (!resolve_image (args, opts, error))
    return FALSE;
  /* a lesson draws the layers that carry its point */
  if (preset != NULL && !lab_chart_layers_parse (lab_preset_get_layers (preset),
                                                 &opts->image.default_layers, NULL))
    g_return_val_if_reached (FALSE);
  opts->plan = lab_run_plan_builder_end (opts->builder);
  g_clear_pointer (&opts->builder, lab_run_plan_builder_free);
  return TRUE;
}

/* Running, with a main loop that also watches for signals */

typedef struct
{
  GMainLoop    *loop;
  GCancellable *cancellable;
  GAsyncResult *result;
  int           signal;       /* the first signal that arrived, or 0 */
  gboolean      stopped;      /* --stop-after stopped the run */
  guint         model_index;
  guint         n_models;
  gboolean      progress_shown;
} RunState;

static void
on_signal (RunState *state,
           int       signum)
{
  if (state->signal == 0)
    state->signal = signum;
  /* The runner returns once every model has stopped; the loop quits then. */
  g_cancellable_cancel (state->cancellable);
}

static gboolean
on_stop_after_cb (gpointer user_data)
{
  RunState *state = user_data;

  state->stopped = TRUE;
  g_cancellable_cancel (state->cancellable);
  return G_SOURCE_REMOVE;
}

static gboolean
on_sigint_cb (gpointer user_data)
{
  on_signal (user_data, SIGINT);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_sigterm_cb (gpointer user_data)
{
  on_signal (user_data, SIGTERM);
  return G_SOURCE_CONTINUE;
}

static void
on_run_done_cb (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  RunState *state = user_data;

  state->result = g_object_ref (result);
  g_main_loop_quit (state->loop);
}

static void
on_model_started_cb (LabRunner  *runner,
                     guint       index,
                     const char *model_id,
                     RunState   *state)
{
  state->model_index = index;
}

static void
on_progress_cb (LabRunner *runner,
                guint      finished,
                guint      total,
                RunState  *state)
{
  g_autoptr(LabTrace) trace = NULL;
  LabComparison *comparison = lab_runner_get_comparison (runner);

  if (comparison != NULL && state->model_index < lab_comparison_get_n_traces (comparison))
    trace = lab_comparison_dup_trace (comparison, state->model_index);
  /* \r and erase-line: one line that updates in place, on a terminal only. */
  g_printerr ("\r\033[K");
  g_printerr (_("Running %s (%u of %u): %u of %u tasks finished"),
              trace != NULL ? lab_trace_get_model_id (trace) : "…",
              MIN (state->model_index + 1, state->n_models), state->n_models, finished, total);
  state->progress_shown = TRUE;
}

/* Returns the comparison, or NULL with @out_signal set when interrupted,
 * or NULL with @error when the run could not be made. A run stopped by
 * --stop-after returns what was measured, with @out_stopped set. */
static LabComparison *
run_with_signals (LabRunner   *runner,
                  RunOptions  *opts,
                  int         *out_signal,
                  gboolean    *out_stopped,
                  GError     **error)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  RunState state = { loop, cancellable, NULL, 0, FALSE, 0, 0, FALSE };
  g_autoptr(GError) local_error = NULL;
  LabComparison *comparison;
  guint sigint_id;
  guint sigterm_id;
  guint stop_id = 0;

  state.n_models = opts->entries->len;
  sigint_id = g_unix_signal_add (SIGINT, on_sigint_cb, &state);
  sigterm_id = g_unix_signal_add (SIGTERM, on_sigterm_cb, &state);
  /* Counted from here: the calibration before the first model is part of
   * the run, as in the window. */
  if (opts->stop_after_ns > 0)
    stop_id = g_timeout_add_full (G_PRIORITY_DEFAULT,
                                  (guint) MIN ((opts->stop_after_ns + LAB_NS_PER_MS - 1)
                                               / LAB_NS_PER_MS, G_MAXUINT),
                                  on_stop_after_cb, &state, NULL);
  if (_lab_cli_is_terminal (STDERR_FILENO))
    {
      g_signal_connect (runner, "model-started", G_CALLBACK (on_model_started_cb), &state);
      g_signal_connect (runner, "progress", G_CALLBACK (on_progress_cb), &state);
    }

  lab_runner_run_async (runner, cancellable, on_run_done_cb, &state);
  g_main_loop_run (loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  if (stop_id != 0 && !state.stopped)
    g_source_remove (stop_id);
  g_signal_handlers_disconnect_by_data (runner, &state);
  if (state.progress_shown)
    g_printerr ("\r\033[K");

  comparison = lab_runner_run_finish (runner, state.result, &local_error);
  g_object_unref (state.result);
  *out_signal = state.signal;
  *out_stopped = state.stopped && state.signal == 0;
  if (state.signal != 0)
    g_clear_pointer (&comparison, lab_comparison_unref);
  else if (*out_stopped && comparison == NULL)
    /* Cancelled by the time limit: what was measured is the runner's. */
    comparison = lab_comparison_ref (lab_runner_get_comparison (runner));
  if (comparison == NULL && local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return comparison;
}

/* The first few reasons of a model's failed tasks, so that the message
 * says why and not only how many; the JSON summary has them all. */
static void
report_task_reasons (LabTrace *trace,
                     guint     n_tasks)
{
  guint shown = 0;

  for (guint32 t = 0; t < n_tasks && shown < 3; t++)
    {
      const char *reason = lab_trace_task_get_reason (trace, t);
      g_autofree char *line = NULL;

      if (lab_trace_task_get_status (trace, t) != LAB_TASK_STATUS_FAILED || reason == NULL)
        continue;
      line = g_strdup_printf ("%s: %s", lab_trace_get_model_id (trace), reason);
      _lab_cli_report_failure ("run", line, LAB_CLI_EXIT_FAILED);
      shown++;
    }
}

/* Reports models and tasks that failed; returns whether any did. */
static gboolean
report_failures (LabComparison *comparison)
{
  gboolean failed = FALSE;

  for (guint i = 0; i < lab_comparison_get_n_traces (comparison); i++)
    {
      g_autoptr(LabTrace) trace = lab_comparison_dup_trace (comparison, i);
      guint n_tasks = lab_trace_get_n_tasks (trace);
      guint n_failed = 0;
      g_autofree char *message = NULL;

      for (guint32 t = 0; t < n_tasks; t++)
        n_failed += lab_trace_task_get_status (trace, t) != LAB_TASK_STATUS_DONE;
      if (lab_trace_get_error (trace) != NULL)
        message = g_strdup_printf (_("%s failed: %s"), lab_trace_get_model_id (trace),
                                   lab_trace_get_error (trace));
      else if (n_failed > 0)
        message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %u task failed",
                                                "%s: %u tasks failed", n_failed),
                                   lab_trace_get_model_id (trace), n_failed);
      if (message != NULL)
        _lab_cli_report_failure ("run", message, LAB_CLI_EXIT_FAILED);
      if (lab_trace_get_error (trace) == NULL && n_failed > 0)
        report_task_reasons (trace, n_tasks);
      failed |= message != NULL;
    }
  return failed;
}

static int
write_outputs (LabComparison *comparison,
               RunArgs       *args,
               RunOptions    *opts)
{
  g_autoptr(GError) error = NULL;
  int status = LAB_CLI_EXIT_OK;

  if (!_lab_cli_write_results ("run", comparison, &opts->image, args->trace))
    status = LAB_CLI_EXIT_FAILED;
  if (!_lab_cli_write_replay (comparison, &opts->image, &opts->replay, &error))
    status = _lab_cli_report_failure ("run", error->message, LAB_CLI_EXIT_FAILED);
  return status;
}

/* --baseline: the saved run must be like the run about to be made (the
 * same workload, workers and order, a model in common), before any time
 * is spent measuring. Returns it, or NULL with @out_status set. */
static LabComparison *
load_baseline (RunOptions *opts,
               int        *out_status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LabComparison) baseline = NULL;

  baseline = _lab_cli_load_baseline (&opts->image, &error);
  if (baseline == NULL)
    {
      *out_status = _lab_cli_report_failure ("run", error->message, LAB_CLI_EXIT_FAILED);
      return NULL;
    }
  if (!lab_run_plan_is_like (lab_comparison_get_plan (baseline), opts->plan, &error))
    {
      g_prefix_error (&error, "--baseline: ");
      *out_status = _lab_cli_report_usage ("run", error);
      return NULL;
    }
  /* kept as one level: the run before of this what-if */
  lab_comparison_set_baseline (baseline, NULL);
  return g_steal_pointer (&baseline);
}

static int
run_checked (RunArgs    *args,
             RunOptions *opts)
{
  g_autoptr(LabRunner) runner = NULL;
  g_autoptr(LabComparison) comparison = NULL;
  g_autoptr(LabComparison) baseline = NULL;
  g_autoptr(GError) error = NULL;
  gboolean stopped = FALSE;
  int status;
  int signum = 0;

  runner = lab_runner_new_for_plan (opts->plan);
  /* Before measuring for minutes, make sure the results can be kept. */
  if (!_lab_cli_check_results_writable (&opts->image, args->trace, &error) ||
      !_lab_cli_replay_check_writable (&opts->replay, &error))
    return _lab_cli_report_failure ("run", error->message, LAB_CLI_EXIT_FAILED);
  if (opts->image.baseline != NULL)
    {
      baseline = load_baseline (opts, &status);
      if (baseline == NULL)
        return status;
    }

  comparison = run_with_signals (runner, opts, &signum, &stopped, &error);
  if (signum != 0)
    {
      _lab_cli_report_failure ("run", signum == SIGINT ? _("interrupted; nothing was written")
                                                       : _("stopped; nothing was written"), 0);
      return signum == SIGINT ? LAB_CLI_EXIT_SIGINT : LAB_CLI_EXIT_SIGTERM;
    }
  if (comparison == NULL)
    return _lab_cli_report_failure ("run", error->message, LAB_CLI_EXIT_FAILED);

  _lab_cli_apply_predictions (comparison, opts->predictions);
  /* the trace remembers the lesson (a slide of it is titled) and, for a
   * what-if, the run before (the pair opens again as one) */
  if (opts->lesson != NULL)
    lab_comparison_set_lesson (comparison, opts->lesson->id);
  lab_comparison_set_baseline (comparison, baseline);
  status = LAB_CLI_EXIT_OK;
  if (stopped)
    {
      g_autofree char *after = lab_duration_format (opts->stop_after_ns);
      g_autofree char *message = g_strdup_printf (_("stopped after %s (--stop-after): what was "
                                                    "measured is written, marked as stopped"),
                                                  after);

      status = _lab_cli_report_failure ("run", message, LAB_CLI_EXIT_FAILED);
    }
  else if (report_failures (comparison))
    status = LAB_CLI_EXIT_FAILED;
  if (write_outputs (comparison, args, opts) != LAB_CLI_EXIT_OK)
    status = LAB_CLI_EXIT_FAILED;
  _lab_cli_print_summary (comparison, opts->image.summary);
  return status;
}

int
_lab_cli_run_main (int    argc,
                   char **argv)
{
  g_auto(RunArgs) args = { 0 };
  g_auto(RunOptions) opts = { 0 };
  g_autoptr(GOptionContext) context = run_context_new (&args);
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return _lab_cli_report_usage ("run", error);
  if (args.version)
    {
      g_print ("concurrency-lab %s\n", PACKAGE_VERSION);
      return LAB_CLI_EXIT_OK;
    }
  if (!check_options (&args, argc, argv, &opts, &error))
    return _lab_cli_report_usage ("run", error);
  return run_checked (&args, &opts);
}
