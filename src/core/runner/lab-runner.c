/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-runner"

#include "config.h"

#include <glib/gi18n.h>
#if HAVE_MALLOC_TRIM
#include <malloc.h>
#endif

#include "lab-affinity.h"
#include "lab-clock.h"
#include "lab-cpu-monitor.h"
#include "lab-cpu-work.h"
#include "lab-cpu.h"
#include "lab-memory-sampler.h"
#include "lab-runner.h"
#include "lab-runner-private.h"
#include "lab-run-entry.h"

#define PROGRESS_INTERVAL_MS       50

struct _LabRunner
{
  GObject          parent_instance;

  LabRunPlan      *plan;
  char            *worker_path;   /* NULL: lab_worker_find_path() */
  LabComparison   *comparison;
  gboolean         running;
};

G_DEFINE_FINAL_TYPE (LabRunner, lab_runner, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PLAN,
  PROP_WORKER_PATH,
  N_PROPS
};

enum {
  MODEL_STARTED,
  MODEL_FINISHED,
  PROGRESS,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Everything one run needs, fixed when it starts: the worker threads never
 * read the runner's fields, which the caller may change meanwhile. */
typedef struct
{
  LabRunner           *runner;
  LabComparison       *comparison;
  LabRunPlan          *plan;          /* as recorded: the limit the run really has */
  const LabModel     **models;        /* the plan's entries' models */
  guint                n_models;
  LabAffinity         *affinity;      /* NULL: every core */
  char                *worker_path;
  GMainContext        *context;       /* the caller's: where signals go */
  GSource             *progress_source;
  guint                last_finished;
  GAsyncReadyCallback  callback;
  gpointer             user_data;
  GCancellable        *cancellable;   /* the run's, for the model threads */
  double               iterations_per_ms;
} Run;

static void
run_free (Run *run)
{
  if (run->progress_source != NULL)
    g_source_destroy (run->progress_source);
  g_clear_pointer (&run->progress_source, g_source_unref);
  g_clear_object (&run->runner);
  g_clear_pointer (&run->comparison, lab_comparison_unref);
  g_clear_pointer (&run->plan, lab_run_plan_unref);
  g_clear_pointer (&run->models, g_free);
  g_clear_pointer (&run->worker_path, g_free);
  g_clear_pointer (&run->affinity, lab_affinity_free);
  g_clear_pointer (&run->context, g_main_context_unref);
  g_clear_object (&run->cancellable);
  g_free (run);
}

/* Signals, sent to the caller's context */

typedef struct
{
  LabRunner *runner;
  guint      signal;
  guint      index;
  char      *model_id;
} Emission;

static void
emission_free (gpointer data)
{
  Emission *emission = data;

  g_object_unref (emission->runner);
  g_free (emission->model_id);
  g_free (emission);
}

static gboolean
emit_cb (gpointer data)
{
  Emission *emission = data;

  g_signal_emit (emission->runner, signals[emission->signal], 0,
                 emission->index, emission->model_id);
  return G_SOURCE_REMOVE;
}

static void
emit_model_signal (Run        *run,
                   guint       signal,
                   guint       index,
                   const char *model_id)
{
  Emission *emission = g_new0 (Emission, 1);

  emission->runner = g_object_ref (run->runner);
  emission->signal = signal;
  emission->index = index;
  emission->model_id = g_strdup (model_id);
  g_main_context_invoke_full (run->context, G_PRIORITY_DEFAULT, emit_cb, emission,
                              emission_free);
}

static guint
count_finished (LabComparison *comparison)
{
  guint n = lab_comparison_get_n_traces (comparison);
  guint finished = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LabTrace) trace = lab_comparison_dup_trace (comparison, i);

      finished += lab_trace_get_n_finished (trace);
    }
  return finished;
}

/* On the caller's context: reports only changes, at most every 50 ms. */
static void
emit_progress (Run      *run,
               gboolean  force)
{
  guint total = lab_workload_get_n_tasks (lab_comparison_get_workload (run->comparison))
                * run->n_models;
  guint finished = count_finished (run->comparison);

  if (finished == run->last_finished && !force)
    return;
  run->last_finished = finished;
  g_signal_emit (run->runner, signals[PROGRESS], 0, finished, total);
}

static gboolean
on_progress_timeout_cb (gpointer user_data)
{
  emit_progress (user_data, FALSE);
  return G_SOURCE_CONTINUE;
}

/* Running, on worker threads */

/* The sampler's first sample is the model's baseline. Memory that the
 * models before this one freed but the allocator kept is given back to
 * the system first: else this model would reuse it, and its growth would
 * be hidden by what ran before it. Models run all at once share this
 * program's memory, which tells no model's part: then only worker
 * processes are measured, and an in-process model's memory is not. */
static LabMemorySampler *
start_memory_sampler (Run      *run,
                      LabTrace *trace)
{
  if (lab_run_plan_get_all_at_once (run->plan))
    return lab_memory_sampler_start (trace, FALSE);
#if HAVE_MALLOC_TRIM
  malloc_trim (0);
#endif
  return lab_memory_sampler_start (trace, TRUE);
}

/* Stopped, not finished: the cancel came before every task was done. */
static gboolean
was_cut_short (Run      *run,
               LabTrace *trace)
{
  guint n_tasks = lab_workload_get_n_tasks (lab_trace_get_workload (trace));

  if (!g_cancellable_is_cancelled (run->cancellable))
    return FALSE;
  for (guint32 task = 0; task < n_tasks; task++)
    if (lab_trace_task_get_status (trace, task) != LAB_TASK_STATUS_DONE)
      return TRUE;
  return FALSE;
}

static void
run_model (Run  *run,
           guint index)
{
  const LabModel *model = run->models[index];
  LabWorkload *workload = lab_comparison_get_workload (run->comparison);
  g_autoptr(LabTrace) trace = lab_comparison_dup_trace (run->comparison, index);
  g_autoptr(GError) error = NULL;
  LabAffinityScope *cores;
  LabCpuMonitor *monitor;
  LabModelContext ctx = {
    .workload = workload,
    .trace = trace,
    .cancellable = run->cancellable,
    .n_workers = lab_run_plan_get_entry_workers (run->plan, index),
    .switch_interval_ns = lab_run_plan_get_switch_interval_ns (run->plan),
    .iterations_per_ms = run->iterations_per_ms,
    .worker_path = run->worker_path,
    .affinity = run->affinity,
  };

  emit_model_signal (run, MODEL_STARTED, index, model->id);
  monitor = lab_cpu_monitor_start (trace, NULL);
  ctx.memory = start_memory_sampler (run, trace);

  /* After the monitor started, which watches every core. This thread is a
   * GTask pool thread that runs other work later: it is given back its
   * mask as soon as the model is over. */
  cores = lab_affinity_enter (run->affinity);
  if (!model->run (&ctx, &error))
    {
      const char *message = error != NULL ? error->message : _("The model could not run");

      /* Not a warning: a missing worker program is a state of the
       * installation the trace reports to the user. */
      g_debug ("%s could not run: %s", model->id, message);
      lab_trace_set_error (trace, message);
    }
  lab_affinity_leave (cores);
  /* A model that failed early may not have begun or ended its trace. */
  if (lab_trace_get_begin_ns (trace) == 0)
    lab_trace_begin (trace, lab_clock_now_ns ());
  if (!lab_trace_is_finished (trace))
    lab_trace_end (trace, lab_clock_now_ns ());
  if (was_cut_short (run, trace))
    lab_trace_mark_stopped (trace);

  lab_memory_sampler_stop (ctx.memory);
  lab_cpu_monitor_stop (monitor);
  emit_model_signal (run, MODEL_FINISHED, index, model->id);
}

static LabTrace *
new_trace (Run   *run,
           guint  index)
{
  LabTrace *trace = lab_trace_new (run->models[index]->id,
                                   lab_comparison_get_workload (run->comparison),
                                   lab_comparison_get_n_cores (run->comparison));

  lab_trace_set_n_workers (trace, lab_run_plan_get_entry_workers (run->plan, index));
  lab_trace_set_switch_interval_ns (trace, lab_run_plan_get_switch_interval_ns (run->plan));
  lab_trace_set_core_limit (trace, lab_run_plan_get_core_limit (run->plan));
  lab_trace_set_iterations_per_ms (trace, run->iterations_per_ms);
  return trace;
}

typedef struct
{
  Run   *run;
  guint  index;
} ModelThread;

static gpointer
model_thread_main (gpointer data)
{
  ModelThread *thread = data;

  run_model (thread->run, thread->index);
  return NULL;
}

static void
run_all_at_once (Run *run)
{
  g_autofree GThread **threads = g_new0 (GThread *, run->n_models);
  g_autofree ModelThread *data = g_new0 (ModelThread, run->n_models);

  /* Every trace is there from the start, in panel order. */
  for (guint i = 0; i < run->n_models; i++)
    {
      g_autoptr(LabTrace) trace = new_trace (run, i);

      lab_comparison_add_trace (run->comparison, trace);
    }

  for (guint i = 0; i < run->n_models; i++)
    {
      g_autoptr(GError) error = NULL;

      data[i].run = run;
      data[i].index = i;
      threads[i] = g_thread_try_new ("lab-model", model_thread_main, &data[i], &error);
      if (threads[i] == NULL)
        {
          g_autoptr(LabTrace) trace = lab_comparison_dup_trace (run->comparison, i);

          lab_trace_begin (trace, lab_clock_now_ns ());
          lab_trace_set_error (trace, error->message);
          lab_trace_end (trace, lab_clock_now_ns ());
        }
    }
  for (guint i = 0; i < run->n_models; i++)
    if (threads[i] != NULL)
      g_thread_join (threads[i]);
}

static void
run_one_after_another (Run *run)
{
  for (guint i = 0; i < run->n_models; i++)
    {
      g_autoptr(LabTrace) trace = NULL;

      if (g_cancellable_is_cancelled (run->cancellable))
        {
          /* The models not started will not come. */
          lab_comparison_set_n_expected (run->comparison, i);
          break;
        }
      trace = new_trace (run, i);
      lab_comparison_add_trace (run->comparison, trace);
      run_model (run, i);
    }
}

static void
run_thread_cb (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Run *run = task_data;

  /* Once per process, before the first model, so that no model pays for
   * it and every model uses the same figure. */
  run->iterations_per_ms = lab_cpu_calibrate ();
  lab_comparison_set_iterations_per_ms (run->comparison, run->iterations_per_ms);

  if (lab_run_plan_get_all_at_once (run->plan))
    run_all_at_once (run);
  else
    run_one_after_another (run);

  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_pointer (task, lab_comparison_ref (run->comparison),
                         (GDestroyNotify) lab_comparison_unref);
}

/* On the caller's context, before the caller's callback. */
static void
on_run_done_cb (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  LabRunner *self = LAB_RUNNER (source_object);
  Run *run = g_task_get_task_data (G_TASK (result));

  self->running = FALSE;
  if (run->progress_source != NULL)
    g_source_destroy (run->progress_source);
  emit_progress (run, TRUE);
  if (run->callback != NULL)
    run->callback (source_object, result, run->user_data);
}

/**
 * lab_runner_run_async:
 * @self: a runner, not running
 * @cancellable: (nullable): stops every model promptly
 * @callback: called on the caller's thread-default context when all is over
 * @user_data: for @callback
 *
 * Starts a run of the chosen models on the workload. The comparison being
 * filled is available at once from lab_runner_get_comparison(); signals
 * arrive on the caller's thread-default context.
 */
void
lab_runner_run_async (LabRunner           *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(LabComparison) comparison = NULL;
  Run *run;

  g_return_if_fail (LAB_IS_RUNNER (self));
  g_return_if_fail (!self->running);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  run = g_new0 (Run, 1);
  run->runner = g_object_ref (self);
  run->plan = lab_run_plan_ref (self->plan);
  run->n_models = lab_run_plan_get_n_entries (self->plan);
  run->models = g_new0 (const LabModel *, run->n_models);
  for (guint i = 0; i < run->n_models; i++)
    run->models[i] = lab_model_find (lab_run_plan_get_model_id (self->plan, i));
  if (lab_run_plan_get_core_limit (self->plan) > 0)
    {
      g_autoptr(GError) affinity_error = NULL;

      /* Callers check the limit first; the machine may have changed since.
       * The run then uses every core, and says so by recording no limit. */
      run->affinity = lab_affinity_new (lab_run_plan_get_core_limit (self->plan), &affinity_error);
      if (run->affinity == NULL)
        {
          g_warning ("Running on every core: %s", affinity_error->message);
          g_clear_pointer (&run->plan, lab_run_plan_unref);
          run->plan = lab_run_plan_with_core_limit (self->plan, 0);
        }
    }
  run->worker_path = g_strdup (self->worker_path != NULL ? self->worker_path
                                                         : lab_worker_find_path ());
  run->context = g_main_context_ref_thread_default ();
  run->callback = callback;
  run->user_data = user_data;
  run->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;

  comparison = lab_comparison_new_for_plan (run->plan, lab_cpu_count ());
  lab_comparison_set_created (comparison, g_get_real_time () / G_USEC_PER_SEC);
  lab_comparison_set_version (comparison, PACKAGE_VERSION);
  lab_comparison_set_n_expected (comparison, run->n_models);
  run->comparison = lab_comparison_ref (comparison);

  g_clear_pointer (&self->comparison, lab_comparison_unref);
  self->comparison = g_steal_pointer (&comparison);
  self->running = TRUE;

  run->progress_source = g_timeout_source_new (PROGRESS_INTERVAL_MS);
  g_source_set_callback (run->progress_source, on_progress_timeout_cb, run, NULL);
  g_source_set_name (run->progress_source, "lab-runner-progress");
  g_source_attach (run->progress_source, run->context);

  task = g_task_new (self, cancellable, on_run_done_cb, NULL);
  g_task_set_source_tag (task, lab_runner_run_async);
  g_task_set_name (task, "lab-runner-run");
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);
  g_task_run_in_thread (task, run_thread_cb);
}

/**
 * lab_runner_run_finish:
 * @self: a runner
 * @result: the result given to the callback
 * @error: %G_IO_ERROR_CANCELLED when the run was cancelled
 *
 * Returns: (transfer full) (nullable): the comparison; on cancellation
 *   %NULL, while lab_runner_get_comparison() still holds what was measured
 */
LabComparison *
lab_runner_run_finish (LabRunner     *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (LAB_IS_RUNNER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_sync_done_cb (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/**
 * lab_runner_run_sync:
 * @self: a runner, not running
 * @cancellable: (nullable): stops every model promptly
 * @error: as for lab_runner_run_finish()
 *
 * Runs and waits. The models still run on worker threads; the signals are
 * emitted on the calling thread, from a main context of the run's own.
 *
 * Returns: (transfer full) (nullable): the comparison
 */
LabComparison *
lab_runner_run_sync (LabRunner     *self,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GMainContext) context = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  LabComparison *comparison;

  g_return_val_if_fail (LAB_IS_RUNNER (self), NULL);
  g_return_val_if_fail (!self->running, NULL);

  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  lab_runner_run_async (self, cancellable, on_sync_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  comparison = lab_runner_run_finish (self, result, error);
  g_main_context_pop_thread_default (context);
  return comparison;
}

/* The object */

/**
 * lab_runner_new_for_plan:
 * @plan: what to run: at least one entry, each a model of lab_model_get_all()
 *
 * Returns: (transfer full): a runner of @plan, which it keeps as it is
 */
LabRunner *
lab_runner_new_for_plan (LabRunPlan *plan)
{
  g_return_val_if_fail (plan != NULL, NULL);
  g_return_val_if_fail (lab_run_plan_get_n_entries (plan) > 0, NULL);
  for (guint i = 0; i < lab_run_plan_get_n_entries (plan); i++)
    g_return_val_if_fail (lab_model_find (lab_run_plan_get_model_id (plan, i)) != NULL, NULL);

  return g_object_new (LAB_TYPE_RUNNER, "plan", plan, NULL);
}

/**
 * lab_runner_get_plan:
 * @self: a runner
 *
 * Returns: (transfer none): the plan the runner runs
 */
LabRunPlan *
lab_runner_get_plan (LabRunner *self)
{
  g_return_val_if_fail (LAB_IS_RUNNER (self), NULL);

  return self->plan;
}

/**
 * lab_runner_set_worker_path:
 * @self: a runner
 * @path: (nullable): the worker program; %NULL: lab_worker_find_path()
 */
void
lab_runner_set_worker_path (LabRunner  *self,
                            const char *path)
{
  g_return_if_fail (LAB_IS_RUNNER (self));

  if (g_strcmp0 (self->worker_path, path) == 0)
    return;
  g_free (self->worker_path);
  self->worker_path = g_strdup (path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKER_PATH]);
}

/**
 * lab_runner_get_comparison:
 * @self: a runner
 *
 * Returns: (transfer none) (nullable): the comparison of the current or
 *   last run
 */
LabComparison *
lab_runner_get_comparison (LabRunner *self)
{
  g_return_val_if_fail (LAB_IS_RUNNER (self), NULL);

  return self->comparison;
}

static void
lab_runner_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  LabRunner *self = LAB_RUNNER (object);

  switch (prop_id)
    {
    case PROP_PLAN:
      g_value_set_boxed (value, self->plan);
      break;
    case PROP_WORKER_PATH:
      g_value_set_string (value, self->worker_path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lab_runner_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  LabRunner *self = LAB_RUNNER (object);

  switch (prop_id)
    {
    case PROP_PLAN:
      self->plan = g_value_dup_boxed (value);
      break;
    case PROP_WORKER_PATH:
      lab_runner_set_worker_path (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lab_runner_finalize (GObject *object)
{
  LabRunner *self = LAB_RUNNER (object);

  g_clear_pointer (&self->plan, lab_run_plan_unref);
  g_clear_pointer (&self->worker_path, g_free);
  g_clear_pointer (&self->comparison, lab_comparison_unref);

  G_OBJECT_CLASS (lab_runner_parent_class)->finalize (object);
}

static void
lab_runner_class_init (LabRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lab_runner_finalize;
  object_class->get_property = lab_runner_get_property;
  object_class->set_property = lab_runner_set_property;

  properties[PROP_PLAN] =
    g_param_spec_boxed ("plan", NULL, NULL, LAB_TYPE_RUN_PLAN,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WORKER_PATH] =
    g_param_spec_string ("worker-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LabRunner::model-started:
   * @self: the runner
   * @index: the model's place in the list, and its trace's in the comparison
   * @model_id: the model's id
   */
  signals[MODEL_STARTED] =
    g_signal_new ("model-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);
  /**
   * LabRunner::model-finished:
   * @self: the runner
   * @index: the model's place in the list
   * @model_id: the model's id
   */
  signals[MODEL_FINISHED] =
    g_signal_new ("model-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);
  /**
   * LabRunner::progress:
   * @self: the runner
   * @finished_tasks: tasks over (done, failed or cancelled), all models together
   * @total_tasks: tasks × models
   */
  signals[PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
}

static void
lab_runner_init (LabRunner *self)
{
}
