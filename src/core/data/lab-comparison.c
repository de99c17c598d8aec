/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-comparison"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "lab-clock.h"
#include "lab-comparison.h"
#include "lab-error.h"
#include "lab-observed.h"

/* CPython's default switch interval (sys.getswitchinterval ()). */
#define DEFAULT_SWITCH_INTERVAL_NS (5 * LAB_NS_PER_MS)

struct _LabComparison
{
  gatomicrefcount  ref_count;
  LabWorkload     *workload;
  guint            n_cores;

  /* Everything below is under the mutex: the runner writes while the UI
   * reads. */
  GMutex           mutex;
  guint            n_workers;
  gint64           switch_interval_ns;
  guint            core_limit;
  gboolean         all_at_once;
  double           iterations_per_ms;
  gint64           created;
  char            *version;
  char            *lesson;      /* the preset id it was run as, or NULL */
  LabComparison   *baseline;    /* what-if: the run before, beside this one; NULL: none */
  GPtrArray       *traces;      /* of LabTrace */
  GHashTable      *predictions; /* model id -> gint64 ns, boxed */
  guint            n_expected;
  GArray          *planned;     /* of Planned: every model the run was to run, in order */
};

typedef struct
{
  char  *model_id;
  guint  n_workers;
} Planned;

static void
planned_clear (gpointer data)
{
  g_free (((Planned *) data)->model_id);
}

G_DEFINE_BOXED_TYPE (LabComparison, lab_comparison, lab_comparison_ref, lab_comparison_unref)

/**
 * lab_comparison_new:
 * @workload: (nullable): the workload every model runs; %NULL for a
 *   comparison of observed traces (a traced program, another tool's file),
 *   which ran no plan
 * @n_cores: the CPUs of the machine
 *
 * Starts with one worker per core, a 5 ms switch interval, this program's
 * version and the current time as the stamp.
 *
 * Returns: (transfer full): an empty comparison
 */
LabComparison *
lab_comparison_new (LabWorkload *workload,
                    guint        n_cores)
{
  LabComparison *self;

  self = g_new0 (LabComparison, 1);
  g_atomic_ref_count_init (&self->ref_count);
  g_mutex_init (&self->mutex);
  self->workload = workload != NULL ? lab_workload_ref (workload) : NULL;
  self->n_cores = MAX (n_cores, 1);
  self->n_workers = self->n_cores;
  self->switch_interval_ns = DEFAULT_SWITCH_INTERVAL_NS;
  self->created = g_get_real_time () / G_USEC_PER_SEC;
  self->version = g_strdup (PACKAGE_VERSION);
  self->traces = g_ptr_array_new_with_free_func ((GDestroyNotify) lab_trace_unref);
  self->predictions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->planned = g_array_new (FALSE, FALSE, sizeof (Planned));
  g_array_set_clear_func (self->planned, planned_clear);
  return self;
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
  g_array_unref (self->planned);
  g_free (self->version);
  g_free (self->lesson);
  g_clear_pointer (&self->baseline, lab_comparison_unref);
  g_clear_pointer (&self->workload, lab_workload_unref);
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

  return self->workload;
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

DEFINE_ACCESSORS (guint, n_workers, 0)
DEFINE_ACCESSORS (gint64, switch_interval_ns, 0)
DEFINE_ACCESSORS (guint, core_limit, 0)
DEFINE_ACCESSORS (gboolean, all_at_once, FALSE)
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
  trace = lab_comparison_get_trace (self, 0);
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
 * lab_comparison_get_trace:
 * @self: a comparison
 * @index: a panel, below lab_comparison_get_n_traces()
 *
 * Returns: (transfer full) (nullable): the trace, or %NULL if @index is
 *   out of range
 */
LabTrace *
lab_comparison_get_trace (LabComparison *self,
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
 * lab_comparison_find_trace:
 * @self: a comparison
 * @model_id: a model id such as "sequential"
 *
 * Returns: (transfer full) (nullable): the first trace of @model_id
 */
LabTrace *
lab_comparison_find_trace (LabComparison *self,
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
 * lab_comparison_find_trace_like:
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
lab_comparison_find_trace_like (LabComparison *self,
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
  return found != NULL ? found : lab_comparison_find_trace (self, lab_trace_get_model_id (trace));
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
 * lab_comparison_add_planned:
 * @self: a comparison
 * @model_id: a model the run is to run ("threads")
 * @n_workers: its threads or processes (0: one per task)
 *
 * Appends one entry of the run's plan, in the order the models run: trace
 * i of the comparison is the run of planned entry i. A run stopped early
 * leaves the entries after its last trace not run. Thread-safe.
 */
void
lab_comparison_add_planned (LabComparison *self,
                            const char    *model_id,
                            guint          n_workers)
{
  Planned planned;

  g_return_if_fail (self != NULL);
  g_return_if_fail (model_id != NULL);

  planned.model_id = g_strdup (model_id);
  planned.n_workers = n_workers;
  g_mutex_lock (&self->mutex);
  g_array_append_val (self->planned, planned);
  g_mutex_unlock (&self->mutex);
}

/**
 * lab_comparison_get_n_planned:
 * @self: a comparison
 *
 * Returns: the entries of the run's plan; a comparison without a plan
 *   (saved by an older version) planned exactly the traces it has
 */
guint
lab_comparison_get_n_planned (LabComparison *self)
{
  guint n;

  g_return_val_if_fail (self != NULL, 0);

  g_mutex_lock (&self->mutex);
  n = MAX (self->planned->len, self->traces->len);
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
  if (index < self->planned->len)
    {
      const Planned *planned = &g_array_index (self->planned, Planned, index);

      id = planned->model_id;
      workers = planned->n_workers;
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
  n = self->planned->len > self->traces->len ? self->planned->len - self->traces->len : 0;
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
      g_autoptr(LabTrace) trace = lab_comparison_get_trace (self, i);

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
      g_autoptr(LabTrace) trace = lab_comparison_get_trace (self, i);

      if (lab_trace_was_stopped (trace))
        return TRUE;
    }
  return FALSE;
}

static gboolean
has_planned (LabComparison *self,
             const char    *model_id)
{
  guint n = lab_comparison_get_n_planned (self);

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (lab_comparison_get_planned (self, i, NULL), model_id) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
share_a_model (LabComparison *a,
               LabComparison *b)
{
  guint n = lab_comparison_get_n_planned (a);

  for (guint i = 0; i < n; i++)
    if (has_planned (b, lab_comparison_get_planned (a, i, NULL)))
      return TRUE;
  return FALSE;
}

/**
 * lab_comparison_check_like:
 * @before: the run before (a what-if's baseline)
 * @after: the run to compare with it: a finished run, or one planned (its
 *   workload, settings and planned models, no trace yet)
 * @error: a #LabError naming both sides of the difference
 *
 * A comparison of two runs is meaningful only like with like: the same
 * workload, the same workers and the same order of running, with a model
 * in common. What may differ is what a what-if asks about: the cores the
 * run was confined to and the GIL's switch interval (and which models
 * ran: a model of one side only is marked as such).
 *
 * Returns: %TRUE when @after may be drawn beside @before
 */
gboolean
lab_comparison_check_like (LabComparison  *before,
                           LabComparison  *after,
                           GError        **error)
{
  g_autofree char *was = NULL;
  g_autofree char *now = NULL;

  g_return_val_if_fail (before != NULL, FALSE);
  g_return_val_if_fail (after != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!lab_workload_equal (lab_comparison_get_workload (before), lab_comparison_get_workload (after)))
    {
      was = lab_workload_describe (lab_comparison_get_workload (before));
      now = lab_workload_describe (lab_comparison_get_workload (after));
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
                   _("the run before ran “%s” and this one “%s”: a comparison needs the same "
                     "workload"), was, now);
      return FALSE;
    }
  if (lab_comparison_get_n_workers (before) != lab_comparison_get_n_workers (after))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
                   _("the run before had %u workers per model and this one %u (0: one per "
                     "task): a comparison needs the same workers"),
                   lab_comparison_get_n_workers (before), lab_comparison_get_n_workers (after));
      return FALSE;
    }
  if (lab_comparison_get_all_at_once (before) != lab_comparison_get_all_at_once (after))
    {
      g_set_error_literal (error, LAB_ERROR, LAB_ERROR_INVALID,
                           lab_comparison_get_all_at_once (before)
                           ? _("the run before ran its models all at once and this one one "
                               "after another: a comparison needs the same order")
                           : _("the run before ran its models one after another and this one "
                               "all at once: a comparison needs the same order"));
      return FALSE;
    }
  if (!share_a_model (before, after))
    {
      g_set_error_literal (error, LAB_ERROR, LAB_ERROR_INVALID,
                           _("the two runs have no model in common: there is nothing to "
                             "compare"));
      return FALSE;
    }
  return TRUE;
}
