/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-run-plan"

#include "config.h"

#include <glib/gi18n.h>

#include "lab-error.h"
#include "lab-run-plan.h"

typedef struct
{
  const char *model_id;   /* interned: entries are plain values */
  guint       n_workers;  /* LAB_RUN_WORKERS_DEFAULT: the plan's */
} Entry;

/* Immutable once built, so it is shared between threads (the runner's,
 * the window's, the comparison's readers) without a lock. */
struct _LabRunPlan
{
  gatomicrefcount  ref_count;
  LabWorkload     *workload;      /* NULL: observed, nothing planned */
  Entry           *entries;
  guint            n_entries;
  guint            n_workers;
  gint64           switch_interval_ns;
  guint            core_limit;    /* 0: every core */
  gboolean         all_at_once;
};

struct _LabRunPlanBuilder
{
  LabRunPlan  plan;      /* the settings; entries below until the end */
  GArray     *entries;   /* of Entry */
};

G_DEFINE_BOXED_TYPE (LabRunPlan, lab_run_plan, lab_run_plan_ref, lab_run_plan_unref)

/* The defaults of every plan; @workload NULL for an observed one. */
static LabRunPlanBuilder *
builder_new (LabWorkload *workload,
             guint        n_workers)
{
  LabRunPlanBuilder *builder = g_new0 (LabRunPlanBuilder, 1);

  builder->plan.workload = workload != NULL ? lab_workload_ref (workload) : NULL;
  builder->plan.n_workers = n_workers;
  builder->plan.switch_interval_ns = LAB_RUN_PLAN_DEFAULT_SWITCH_INTERVAL_NS;
  builder->entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  return builder;
}

/**
 * lab_run_plan_builder_new:
 * @workload: what every entry runs
 * @n_workers: the run's workers, for entries without their own (0: one
 *   per task)
 *
 * Starts a plan with no entry, a 5 ms switch interval, every core and one
 * model after another.
 *
 * Returns: (transfer full): a builder; lab_run_plan_builder_end() makes the plan
 */
LabRunPlanBuilder *
lab_run_plan_builder_new (LabWorkload *workload,
                          guint        n_workers)
{
  g_return_val_if_fail (workload != NULL, NULL);
  g_return_val_if_fail (n_workers != LAB_RUN_WORKERS_DEFAULT, NULL);

  return builder_new (workload, n_workers);
}

/**
 * lab_run_plan_builder_new_observed:
 * @n_workers: the workers recorded with the traces (0: one per task)
 *
 * Starts the plan of a comparison of observed traces (a traced program,
 * another tool's file): it has no workload, because nothing was planned;
 * its entries, added as for any plan, name what was traced.
 *
 * Returns: (transfer full): a builder; lab_run_plan_builder_end() makes the plan
 */
LabRunPlanBuilder *
lab_run_plan_builder_new_observed (guint n_workers)
{
  g_return_val_if_fail (n_workers != LAB_RUN_WORKERS_DEFAULT, NULL);

  return builder_new (NULL, n_workers);
}

void
lab_run_plan_builder_free (LabRunPlanBuilder *builder)
{
  g_return_if_fail (builder != NULL);

  g_clear_pointer (&builder->plan.workload, lab_workload_unref);
  g_array_unref (builder->entries);
  g_free (builder);
}

/**
 * lab_run_plan_builder_add_entry:
 * @builder: a builder
 * @model_id: a model id, such as "threads"
 * @n_workers: its threads or processes (0: one per task), or
 *   %LAB_RUN_WORKERS_DEFAULT for the plan's
 *
 * Adds one panel of the run, after those added before.
 */
void
lab_run_plan_builder_add_entry (LabRunPlanBuilder *builder,
                                const char        *model_id,
                                guint              n_workers)
{
  Entry entry;

  g_return_if_fail (builder != NULL);
  g_return_if_fail (model_id != NULL && *model_id != '\0');

  entry.model_id = g_intern_string (model_id);
  entry.n_workers = n_workers;
  g_array_append_val (builder->entries, entry);
}

/**
 * lab_run_plan_builder_set_n_workers:
 * @builder: a builder
 * @n_workers: the run's workers, for entries without their own (0: one
 *   per task)
 */
void
lab_run_plan_builder_set_n_workers (LabRunPlanBuilder *builder,
                                    guint              n_workers)
{
  g_return_if_fail (builder != NULL);
  g_return_if_fail (n_workers != LAB_RUN_WORKERS_DEFAULT);

  builder->plan.n_workers = n_workers;
}

void
lab_run_plan_builder_set_switch_interval_ns (LabRunPlanBuilder *builder,
                                             gint64             ns)
{
  g_return_if_fail (builder != NULL);
  g_return_if_fail (ns > 0);

  builder->plan.switch_interval_ns = ns;
}

/**
 * lab_run_plan_builder_set_core_limit:
 * @builder: a builder
 * @core_limit: the first CPUs the run is confined to; 0: all of them
 *
 * Whether the machine has that many is the runner's to check, when it runs.
 */
void
lab_run_plan_builder_set_core_limit (LabRunPlanBuilder *builder,
                                     guint              core_limit)
{
  g_return_if_fail (builder != NULL);

  builder->plan.core_limit = core_limit;
}

void
lab_run_plan_builder_set_all_at_once (LabRunPlanBuilder *builder,
                                      gboolean           all_at_once)
{
  g_return_if_fail (builder != NULL);

  builder->plan.all_at_once = !!all_at_once;
}

static LabRunPlan *
plan_new (const LabRunPlan *settings,
          const Entry      *entries,
          guint             n_entries)
{
  LabRunPlan *self = g_new0 (LabRunPlan, 1);

  *self = *settings;
  g_atomic_ref_count_init (&self->ref_count);
  self->workload = settings->workload != NULL ? lab_workload_ref (settings->workload) : NULL;
  self->entries = g_memdup2 (entries, sizeof (Entry) * n_entries);
  self->n_entries = n_entries;
  return self;
}

/**
 * lab_run_plan_builder_end:
 * @builder: a builder, which may go on to build another plan
 *
 * Returns: (transfer full): the plan as built so far
 */
LabRunPlan *
lab_run_plan_builder_end (LabRunPlanBuilder *builder)
{
  g_return_val_if_fail (builder != NULL, NULL);

  return plan_new (&builder->plan, (const Entry *) (gpointer) builder->entries->data,
                   builder->entries->len);
}

LabRunPlan *
lab_run_plan_ref (LabRunPlan *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
lab_run_plan_unref (LabRunPlan *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_clear_pointer (&self->workload, lab_workload_unref);
  g_free (self->entries);
  g_free (self);
}

/**
 * lab_run_plan_get_workload:
 * @self: a plan
 *
 * Returns: (transfer none) (nullable): the workload every entry runs;
 *   %NULL for observed traces, which ran none
 */
LabWorkload *
lab_run_plan_get_workload (const LabRunPlan *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->workload;
}

/**
 * lab_run_plan_is_observed:
 * @self: a plan
 *
 * Returns: %TRUE for the plan of observed traces
 *   (lab_run_plan_builder_new_observed())
 */
gboolean
lab_run_plan_is_observed (const LabRunPlan *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->workload == NULL;
}

guint
lab_run_plan_get_n_entries (const LabRunPlan *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_entries;
}

/**
 * lab_run_plan_get_model_id:
 * @self: a plan
 * @index: below lab_run_plan_get_n_entries()
 *
 * Returns: (transfer none): the model id of entry @index, an interned string
 */
const char *
lab_run_plan_get_model_id (const LabRunPlan *self,
                           guint             index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->n_entries, NULL);

  return self->entries[index].model_id;
}

/**
 * lab_run_plan_get_entry_workers:
 * @self: a plan
 * @index: below lab_run_plan_get_n_entries()
 *
 * Returns: the workers entry @index runs with: its own count, or the
 *   plan's where it has none (0: one per task)
 */
guint
lab_run_plan_get_entry_workers (const LabRunPlan *self,
                                guint             index)
{
  guint n;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (index < self->n_entries, 0);

  n = self->entries[index].n_workers;
  return n == LAB_RUN_WORKERS_DEFAULT ? self->n_workers : n;
}

gboolean
lab_run_plan_has_model (const LabRunPlan *self,
                        const char       *model_id)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (model_id != NULL, FALSE);

  for (guint i = 0; i < self->n_entries; i++)
    if (g_strcmp0 (self->entries[i].model_id, model_id) == 0)
      return TRUE;
  return FALSE;
}

guint
lab_run_plan_get_n_workers (const LabRunPlan *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_workers;
}

gint64
lab_run_plan_get_switch_interval_ns (const LabRunPlan *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->switch_interval_ns;
}

guint
lab_run_plan_get_core_limit (const LabRunPlan *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->core_limit;
}

gboolean
lab_run_plan_get_all_at_once (const LabRunPlan *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->all_at_once;
}

/**
 * lab_run_plan_with_core_limit:
 * @self: a plan
 * @core_limit: the first CPUs the run is confined to; 0: all of them
 *
 * Returns: (transfer full): a copy of @self confined to @core_limit cores
 */
LabRunPlan *
lab_run_plan_with_core_limit (const LabRunPlan *self,
                              guint             core_limit)
{
  LabRunPlan *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = plan_new (self, self->entries, self->n_entries);
  copy->core_limit = core_limit;
  return copy;
}

/**
 * lab_run_plan_with_switch_interval_ns:
 * @self: a plan
 * @ns: the GIL's switch interval, above 0
 *
 * Returns: (transfer full): a copy of @self with that switch interval
 */
LabRunPlan *
lab_run_plan_with_switch_interval_ns (const LabRunPlan *self,
                                      gint64            ns)
{
  LabRunPlan *copy;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (ns > 0, NULL);

  copy = plan_new (self, self->entries, self->n_entries);
  copy->switch_interval_ns = ns;
  return copy;
}

/**
 * lab_run_plan_equal:
 * @a: a plan
 * @b: another plan
 *
 * Two plans are equal when they would make the same run: equal workloads
 * (lab_workload_equal()), the same entries in the same order with the
 * same workers each (an entry's own count or the plan's, whichever it
 * runs with), and the same settings.
 *
 * Returns: %TRUE if equal
 */
gboolean
lab_run_plan_equal (const LabRunPlan *a,
                    const LabRunPlan *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (a == b)
    return TRUE;
  if (a->n_entries != b->n_entries || a->n_workers != b->n_workers
      || a->switch_interval_ns != b->switch_interval_ns || a->core_limit != b->core_limit
      || a->all_at_once != b->all_at_once
      || (a->workload == NULL) != (b->workload == NULL)
      || (a->workload != NULL && !lab_workload_equal (a->workload, b->workload)))
    return FALSE;
  for (guint i = 0; i < a->n_entries; i++)
    if (a->entries[i].model_id != b->entries[i].model_id
        || lab_run_plan_get_entry_workers (a, i) != lab_run_plan_get_entry_workers (b, i))
      return FALSE;
  return TRUE;
}

static gboolean
share_a_model (const LabRunPlan *a,
               const LabRunPlan *b)
{
  for (guint i = 0; i < a->n_entries; i++)
    if (lab_run_plan_has_model (b, a->entries[i].model_id))
      return TRUE;
  return FALSE;
}

/**
 * lab_run_plan_is_like:
 * @before: the plan of the run before (a what-if's baseline)
 * @after: the plan of the run to compare with it
 * @error: a #LabError naming both sides of the difference
 *
 * A comparison of two runs is meaningful only like with like: the same
 * workload, the same workers and the same order of running, with a model
 * in common. What may differ is what a what-if asks about: the cores the
 * run was confined to and the GIL's switch interval (and which models
 * ran: a model of one side only is marked as such). This is the one
 * place that decides it, for What If in the window and --baseline on the
 * command line alike.
 *
 * A traced program or another tool's file (an observed plan) ran no
 * workload: nothing says two of them, or one of them and a run of a
 * workload, did the same work, so such a pair is refused.
 *
 * Returns: %TRUE when a run of @after may be drawn beside one of @before
 */
gboolean
lab_run_plan_is_like (const LabRunPlan  *before,
                      const LabRunPlan  *after,
                      GError           **error)
{
  g_autofree char *was = NULL;
  g_autofree char *now = NULL;

  g_return_val_if_fail (before != NULL, FALSE);
  g_return_val_if_fail (after != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (before->workload == NULL && after->workload == NULL)
    {
      g_set_error_literal (error, LAB_ERROR, LAB_ERROR_INVALID,
                           _("both runs observed a program, which follows no plan: nothing "
                             "says they did the same work, so there is nothing to compare"));
      return FALSE;
    }
  if (before->workload == NULL || after->workload == NULL)
    {
      g_set_error_literal (error, LAB_ERROR, LAB_ERROR_INVALID,
                           before->workload == NULL
                           ? _("the run before observed a program and this one ran a "
                               "workload: a comparison needs the same workload")
                           : _("the run before ran a workload and this one observed a "
                               "program: a comparison needs the same workload"));
      return FALSE;
    }
  if (!lab_workload_equal (before->workload, after->workload))
    {
      was = lab_workload_describe (before->workload);
      now = lab_workload_describe (after->workload);
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
                   _("the run before ran “%s” and this one “%s”: a comparison needs the same "
                     "workload"), was, now);
      return FALSE;
    }
  if (before->n_workers != after->n_workers)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
                   _("the run before had %u workers per model and this one %u (0: one per "
                     "task): a comparison needs the same workers"),
                   before->n_workers, after->n_workers);
      return FALSE;
    }
  if (before->all_at_once != after->all_at_once)
    {
      g_set_error_literal (error, LAB_ERROR, LAB_ERROR_INVALID,
                           before->all_at_once
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
