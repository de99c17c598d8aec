/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-comparison"

#include "config.h"

#include <string.h>

#include "lab-comparison.h"
#include "lab-observed.h"

struct _LabComparison
{
  gatomicrefcount  ref_count;
  LabRunPlan      *plan;        /* immutable: read without the lock */
  guint            n_cores;

  /* Everything below is under the mutex: the runner writes while the UI
   * reads. */
  GMutex           mutex;
  double           iterations_per_ms;
  gint64           created;
  char            *version;
  char            *lesson;      /* the preset id it was run as, or NULL */
  LabComparison   *baseline;    /* what-if: the run before, beside this one; NULL: none */
  GPtrArray       *traces;      /* of LabTrace */
  GHashTable      *predictions; /* model id -> gint64 ns, boxed */
  guint            n_expected;
};

G_DEFINE_BOXED_TYPE (LabComparison, lab_comparison, lab_comparison_ref, lab_comparison_unref)

/**
 * lab_comparison_new_for_plan:
 * @plan: what the run is to run, kept as it is
 * @n_cores: the CPUs of the machine
 *
 * Starts with this program's version and the current time as the stamp.
 *
 * Returns: (transfer full): an empty comparison
 */
LabComparison *
lab_comparison_new_for_plan (LabRunPlan *plan,
                             guint       n_cores)
{
  LabComparison *self;

  g_return_val_if_fail (plan != NULL, NULL);

  self = g_new0 (LabComparison, 1);
  g_atomic_ref_count_init (&self->ref_count);
  g_mutex_init (&self->mutex);
  self->plan = lab_run_plan_ref (plan);
  self->n_cores = MAX (n_cores, 1);
  self->created = g_get_real_time () / G_USEC_PER_SEC;
  self->version = g_strdup (PACKAGE_VERSION);
  self->traces = g_ptr_array_new_with_free_func ((GDestroyNotify) lab_trace_unref);
  self->predictions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}

/**
 * lab_comparison_new:
 * @workload: the workload every model runs
 * @n_cores: the CPUs of the machine
 *
 * A comparison of traces put together by hand (tests, drawings): its plan
 * has one worker per core, a 5 ms switch interval and no entry, so that
 * its traces are what it planned.
 *
 * Returns: (transfer full): an empty comparison
 */
LabComparison *
lab_comparison_new (LabWorkload *workload,
                    guint        n_cores)
{
  g_autoptr(LabRunPlanBuilder) builder = NULL;
  g_autoptr(LabRunPlan) plan = NULL;

  g_return_val_if_fail (workload != NULL, NULL);

  builder = lab_run_plan_builder_new (workload, MAX (n_cores, 1));
  plan = lab_run_plan_builder_end (builder);
  return lab_comparison_new_for_plan (plan, n_cores);
}

/**
 * lab_comparison_new_observed:
 * @model_id: the model id of the observed trace to come, which names
 *   what was traced (a traced program, another tool's file)
 * @n_cores: the CPUs of the machine
 *
 * A comparison of observed traces: its plan has no workload (nothing was
 * planned), one worker per core as for a comparison made by hand, and one
 * entry, @model_id (lab_run_plan_builder_new_observed()).
 *
 * Returns: (transfer full): an empty comparison
 */
LabComparison *
lab_comparison_new_observed (const char *model_id,
                             guint       n_cores)
{
  g_autoptr(LabRunPlanBuilder) builder = NULL;
  g_autoptr(LabRunPlan) plan = NULL;

  g_return_val_if_fail (model_id != NULL && *model_id != '\0', NULL);

  builder = lab_run_plan_builder_new_observed (MAX (n_cores, 1));
  lab_run_plan_builder_add_entry (builder, model_id, LAB_RUN_WORKERS_DEFAULT);
  plan = lab_run_plan_builder_end (builder);
  return lab_comparison_new_for_plan (plan, n_cores);
}

LabComparison *
lab_comparison_ref (LabComparison *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
lab_comparison_unref (LabComparison *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_ptr_array_unref (self->traces);
  g_hash_table_unref (self->predictions);
  g_free (self->version);
  g_free (self->lesson);
  g_clear_pointer (&self->baseline, lab_comparison_unref);
  lab_run_plan_unref (self->plan);
  g_mutex_clear (&self->mutex);
  g_free (self);
}

/**
 * lab_comparison_get_workload:
 * @self: a comparison
 *
 * Returns: (transfer none) (nullable): the workload; %NULL for observed
 *   traces
 */
LabWorkload *
lab_comparison_get_workload (LabComparison *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return lab_run_plan_get_workload (self->plan);
}

/**
 * lab_comparison_get_plan:
 * @self: a comparison
 *
 * Returns: (transfer none): what the run was to run: its workload,
 *   entries and settings, as recorded and saved
 */
LabRunPlan *
lab_comparison_get_plan (LabComparison *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->plan;
}

/* The plan's settings, read where a comparison is at hand. */

guint
lab_comparison_get_n_workers (LabComparison *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return lab_run_plan_get_n_workers (self->plan);
}

gint64
lab_comparison_get_switch_interval_ns (LabComparison *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return lab_run_plan_get_switch_interval_ns (self->plan);
}

guint
lab_comparison_get_core_limit (LabComparison *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return lab_run_plan_get_core_limit (self->plan);
}

gboolean
lab_comparison_get_all_at_once (LabComparison *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return lab_run_plan_get_all_at_once (self->plan);
}

guint
lab_comparison_get_n_cores (LabComparison *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_cores;
}

static gint
compare_ids (const char **a,
             const char **b,
             gpointer     user_data)
{
  return strcmp (*a, *b);
}

/* The plain settings: one lock-protected getter and setter each. */
#define DEFINE_ACCESSORS(type, name, fallback)                       \
  type                                                               \
  lab_comparison_get_##name (LabComparison *self)                    \
  {                                                                  \
    type value;                                                      \
                                                                     \
    g_return_val_if_fail (self != NULL, fallback);                   \
                                                                     \
    g_mutex_lock (&self->mutex);                                     \
    value = self->name;                                              \
    g_mutex_unlock (&self->mutex);                                   \
    return value;                                                    \
  }                                                                  \
                                                                     \
  void                                                               \
  lab_comparison_set_##name (LabComparison *self,                    \
                             type           value)                   \
  {                                                                  \
    g_return_if_fail (self != NULL);                                 \
                                                                     \
    g_mutex_lock (&self->mutex);                                     \
    self->name = value;                                              \
    g_mutex_unlock (&self->mutex);                                   \
  }

DEFINE_ACCESSORS (double, iterations_per_ms, 0.0)
DEFINE_ACCESSORS (gint64, created, 0)
DEFINE_ACCESSORS (guint, n_expected, 0)

#undef DEFINE_ACCESSORS

/**
 * lab_comparison_get_version:
 * @self: a comparison
 *
 * Returns: the version of the program that made the comparison; valid
 *   until the next lab_comparison_set_version()
 */
const char *
lab_comparison_get_version (LabComparison *self)
{
  const char *version;

  g_return_val_if_fail (self != NULL, NULL);

  g_mutex_lock (&self->mutex);
  version = self->version;
  g_mutex_unlock (&self->mutex);
  return version;
}

void
lab_comparison_set_version (LabComparison *self,
                            const char    *version)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (version != NULL);

  g_mutex_lock (&self->mutex);
  g_free (self->version);
  self->version = g_strdup (version);
  g_mutex_unlock (&self->mutex);
}

/**
 * lab_comparison_dup_lesson:
 * @self: a comparison
 *
 * Returns: (transfer full) (nullable): the id of the lesson (preset) the
 *   comparison was run as, for its title on a slide; %NULL for a workload
 *   made by hand
 */
char *
lab_comparison_dup_lesson (LabComparison *self)
{
  char *lesson;

  g_return_val_if_fail (self != NULL, NULL);

  g_mutex_lock (&self->mutex);
  lesson = g_strdup (self->lesson);
  g_mutex_unlock (&self->mutex);
  return lesson;
}

/**
 * lab_comparison_dup_observed_title:
 * @self: a comparison
 *
 * Returns: (transfer full) (nullable): what was traced, as its roster says
 *   (lab_observed_dup_title()); %NULL when the comparison ran a workload
 */
char *
lab_comparison_dup_observed_title (LabComparison *self)
{
  g_autoptr(LabTrace) trace = NULL;
  LabObserved *roster;

  g_return_val_if_fail (self != NULL, NULL);

  if (lab_comparison_get_n_traces (self) == 0)
    return NULL;
  trace = lab_comparison_dup_trace (self, 0);
  roster = lab_trace_get_observed (trace);
  return roster != NULL ? lab_observed_dup_title (roster) : NULL;
}

void
lab_comparison_set_lesson (LabComparison *self,
                           const char    *lesson)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->mutex);
  g_free (self->lesson);
  self->lesson = lesson != NULL && *lesson != '\0' ? g_strdup (lesson) : NULL;
  g_mutex_unlock (&self->mutex);
}

/**
 * lab_comparison_get_baseline:
 * @self: a comparison
 *
 * A what-if run keeps the run it was made beside, so that the pair is
 * drawn, saved and opened again as one.
 *
 * Returns: (transfer none) (nullable): the run before, or %NULL
 */
LabComparison *
lab_comparison_get_baseline (LabComparison *self)
{
  LabComparison *baseline;

  g_return_val_if_fail (self != NULL, NULL);

  g_mutex_lock (&self->mutex);
  baseline = self->baseline;
  g_mutex_unlock (&self->mutex);
  return baseline;
}

/**
 * lab_comparison_set_baseline:
 * @self: a what-if run
 * @baseline: (nullable): the run before; itself without a baseline
 */
void
lab_comparison_set_baseline (LabComparison *self,
                             LabComparison *baseline)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (baseline != self);
  g_return_if_fail (baseline == NULL || lab_comparison_get_baseline (baseline) == NULL);

  if (baseline != NULL)
    lab_comparison_ref (baseline);
  g_mutex_lock (&self->mutex);
  g_clear_pointer (&self->baseline, lab_comparison_unref);
  self->baseline = baseline;
  g_mutex_unlock (&self->mutex);
}

/**
 * lab_comparison_set_prediction:
 * @self: a comparison
 * @model_id: a model id such as "event-loop"
 * @predicted_ns: the total time the learner predicted for that model;
 *   0 or less forgets the prediction
 *
 * Keeps a learner's guess beside the measurement, so that the chart can
 * mark it and a verdict can explain the difference. Thread-safe.
 */
void
lab_comparison_set_prediction (LabComparison *self,
                               const char    *model_id,
                               gint64         predicted_ns)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (model_id != NULL);

  g_mutex_lock (&self->mutex);
  if (predicted_ns > 0)
    g_hash_table_insert (self->predictions, g_strdup (model_id),
                         g_memdup2 (&predicted_ns, sizeof predicted_ns));
  else
    g_hash_table_remove (self->predictions, model_id);
  g_mutex_unlock (&self->mutex);
}

/**
 * lab_comparison_get_prediction:
 * @self: a comparison
 * @model_id: a model id
 *
 * Returns: the predicted total time of @model_id in nanoseconds, or 0
 *   when there is none
 */
gint64
lab_comparison_get_prediction (LabComparison *self,
                               const char    *model_id)
{
  const gint64 *ns;
  gint64 value;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (model_id != NULL, 0);

  g_mutex_lock (&self->mutex);
  ns = g_hash_table_lookup (self->predictions, model_id);
  value = ns != NULL ? *ns : 0;
  g_mutex_unlock (&self->mutex);
  return value;
}

/**
 * lab_comparison_dup_prediction_ids:
 * @self: a comparison
 *
 * Returns: (transfer full): the model ids that have a prediction, sorted
 */
GStrv
lab_comparison_dup_prediction_ids (LabComparison *self)
{
  GStrv ids;

  g_return_val_if_fail (self != NULL, NULL);

  g_mutex_lock (&self->mutex);
  ids = (GStrv) g_hash_table_get_keys_as_array (self->predictions, NULL);
  for (guint i = 0; ids[i] != NULL; i++)
    ids[i] = g_strdup (ids[i]);
  g_mutex_unlock (&self->mutex);
  g_qsort_with_data (ids, (gint) g_strv_length (ids), sizeof (char *),
                     (GCompareDataFunc) compare_ids, NULL);
  return ids;
}

/**
 * lab_comparison_add_trace:
 * @self: a comparison
 * @trace: a trace of one model, possibly still recording
 *
 * Appends @trace as the next panel. Thread-safe.
 */
void
lab_comparison_add_trace (LabComparison *self,
                          LabTrace      *trace)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (trace != NULL);

  g_mutex_lock (&self->mutex);
  g_ptr_array_add (self->traces, lab_trace_ref (trace));
  g_mutex_unlock (&self->mutex);
}

guint
lab_comparison_get_n_traces (LabComparison *self)
{
  guint n;

  g_return_val_if_fail (self != NULL, 0);

  g_mutex_lock (&self->mutex);
  n = self->traces->len;
  g_mutex_unlock (&self->mutex);
  return n;
}

/**
 * lab_comparison_dup_trace:
 * @self: a comparison
 * @index: a panel, below lab_comparison_get_n_traces()
 *
 * Returns: (transfer full) (nullable): the trace, or %NULL if @index is
 *   out of range
 */
LabTrace *
lab_comparison_dup_trace (LabComparison *self,
                          guint          index)
{
  LabTrace *trace = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  g_mutex_lock (&self->mutex);
  if (index < self->traces->len)
    trace = lab_trace_ref (g_ptr_array_index (self->traces, index));
  g_mutex_unlock (&self->mutex);
  return trace;
}

/**
 * lab_comparison_dup_trace_of_model:
 * @self: a comparison
 * @model_id: a model id such as "sequential"
 *
 * Returns: (transfer full) (nullable): the first trace of @model_id
 */
LabTrace *
lab_comparison_dup_trace_of_model (LabComparison *self,
                                   const char    *model_id)
{
  LabTrace *trace = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (model_id != NULL, NULL);

  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->traces->len && trace == NULL; i++)
    {
      LabTrace *t = g_ptr_array_index (self->traces, i);

      if (g_strcmp0 (lab_trace_get_model_id (t), model_id) == 0)
        trace = lab_trace_ref (t);
    }
  g_mutex_unlock (&self->mutex);
  return trace;
}

/**
 * lab_comparison_dup_trace_like:
 * @self: a comparison
 * @trace: a trace of another comparison (a what-if's)
 *
 * The run of the same entry: the same model with the same workers, or
 * else the first run of the same model.
 *
 * Returns: (transfer full) (nullable): the trace, or %NULL when @self did
 *   not run that model
 */
LabTrace *
lab_comparison_dup_trace_like (LabComparison *self,
                               LabTrace      *trace)
{
  LabTrace *found = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (trace != NULL, NULL);

  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->traces->len && found == NULL; i++)
    {
      LabTrace *t = g_ptr_array_index (self->traces, i);

      if (g_strcmp0 (lab_trace_get_model_id (t), lab_trace_get_model_id (trace)) == 0
          && lab_trace_get_n_workers (t) == lab_trace_get_n_workers (trace))
        found = lab_trace_ref (t);
    }
  g_mutex_unlock (&self->mutex);
  return found != NULL ? found : lab_comparison_dup_trace_of_model (self, lab_trace_get_model_id (trace));
}

/**
 * lab_comparison_is_finished:
 * @self: a comparison
 *
 * A comparison is finished when it has a trace, every trace is finished,
 * and, if lab_comparison_set_n_expected() was called, that many traces are
 * there (so that the gap between two models run one after another does
 * not look like the end).
 *
 * Returns: %TRUE when nothing is recording any more
 */
gboolean
lab_comparison_is_finished (LabComparison *self)
{
  gboolean finished;

  g_return_val_if_fail (self != NULL, FALSE);

  g_mutex_lock (&self->mutex);
  finished = self->traces->len > 0 && self->traces->len >= self->n_expected;
  for (guint i = 0; i < self->traces->len && finished; i++)
    finished = lab_trace_is_finished (g_ptr_array_index (self->traces, i));
  g_mutex_unlock (&self->mutex);
  return finished;
}

/**
 * lab_comparison_get_begin_ns:
 * @self: a comparison
 *
 * Returns: the earliest begin of the traces that have begun: time zero of
 *   the shared axis; 0 when none has begun
 */
gint64
lab_comparison_get_begin_ns (LabComparison *self)
{
  gint64 begin = 0;

  g_return_val_if_fail (self != NULL, 0);

  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->traces->len; i++)
    {
      gint64 b = lab_trace_get_begin_ns (g_ptr_array_index (self->traces, i));

      if (b != 0 && (begin == 0 || b < begin))
        begin = b;
    }
  g_mutex_unlock (&self->mutex);
  return begin;
}

/**
 * lab_comparison_get_n_planned:
 * @self: a comparison
 *
 * Trace i of the comparison is the run of entry i of its plan; a run
 * stopped early leaves the entries after its last trace not run.
 *
 * Returns: how many entries the run had; a comparison whose plan has
 *   fewer (put together by hand) planned exactly the traces it has
 */
guint
lab_comparison_get_n_planned (LabComparison *self)
{
  guint n;

  g_return_val_if_fail (self != NULL, 0);

  g_mutex_lock (&self->mutex);
  n = MAX (lab_run_plan_get_n_entries (self->plan), self->traces->len);
  g_mutex_unlock (&self->mutex);
  return n;
}

/**
 * lab_comparison_get_planned:
 * @self: a comparison
 * @index: below lab_comparison_get_n_planned()
 * @out_n_workers: (out) (optional): the entry's workers (0: one per task)
 *
 * Returns: (transfer none): the entry's model id, valid as long as @self
 */
const char *
lab_comparison_get_planned (LabComparison *self,
                            guint          index,
                            guint         *out_n_workers)
{
  const char *id = NULL;
  guint workers = 0;

  g_return_val_if_fail (self != NULL, NULL);

  g_mutex_lock (&self->mutex);
  if (index < lab_run_plan_get_n_entries (self->plan))
    {
      id = lab_run_plan_get_model_id (self->plan, index);
      workers = lab_run_plan_get_entry_workers (self->plan, index);
    }
  else if (index < self->traces->len)
    {
      LabTrace *trace = g_ptr_array_index (self->traces, index);

      id = lab_trace_get_model_id (trace);
      workers = lab_trace_get_n_workers (trace);
    }
  g_mutex_unlock (&self->mutex);
  if (out_n_workers != NULL)
    *out_n_workers = workers;
  return id;
}

/**
 * lab_comparison_get_n_not_run:
 * @self: a comparison
 *
 * The planned entries that have no trace: a finished comparison whose run
 * was stopped before they started. While a run goes on, the models still
 * to come are not counted.
 *
 * Returns: how many planned entries never ran; they are the last ones,
 *   from index lab_comparison_get_n_traces() on
 */
guint
lab_comparison_get_n_not_run (LabComparison *self)
{
  guint n;

  g_return_val_if_fail (self != NULL, 0);

  if (!lab_comparison_is_finished (self))
    return 0;
  g_mutex_lock (&self->mutex);
  n = lab_run_plan_get_n_entries (self->plan);
  n = n > self->traces->len ? n - self->traces->len : 0;
  g_mutex_unlock (&self->mutex);
  return n;
}

/**
 * lab_comparison_is_complete:
 * @self: a comparison
 *
 * Returns: %TRUE when every planned model ran and every trace is complete
 *   (lab_trace_is_complete())
 */
gboolean
lab_comparison_is_complete (LabComparison *self)
{
  guint n;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!lab_comparison_is_finished (self) || lab_comparison_get_n_not_run (self) > 0)
    return FALSE;
  n = lab_comparison_get_n_traces (self);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LabTrace) trace = lab_comparison_dup_trace (self, i);

      if (!lab_trace_is_complete (trace))
        return FALSE;
    }
  return TRUE;
}

/**
 * lab_comparison_was_stopped:
 * @self: a comparison
 *
 * Returns: %TRUE when the run was stopped: a trace says so, or planned
 *   models never ran
 */
gboolean
lab_comparison_was_stopped (LabComparison *self)
{
  guint n;

  g_return_val_if_fail (self != NULL, FALSE);

  if (lab_comparison_get_n_not_run (self) > 0)
    return TRUE;
  n = lab_comparison_get_n_traces (self);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LabTrace) trace = lab_comparison_dup_trace (self, i);

      if (lab_trace_was_stopped (trace))
        return TRUE;
    }
  return FALSE;
}
