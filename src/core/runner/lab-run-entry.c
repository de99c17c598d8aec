/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-run-entry"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lab-error.h"
#include "lab-observed.h"
#include "lab-run-entry.h"

/*
 * The text form of a run's entries: model ids separated by commas, each
 * with an optional worker count after a colon ("threads:tasks,threads:cores",
 * "processes:4"). "tasks" is one worker per task, "cores" one per core of
 * the machine the run is for; without a count the run's setting applies.
 */

/* Models that run on one thread of their own take no worker count. */
static gboolean
takes_workers (const LabModel *model)
{
  return model != &lab_model_sequential && model != &lab_model_event_loop;
}

static gboolean
parse_workers (const LabModel *model,
               const char     *text,
               guint           n_cores,
               guint          *out,
               GError        **error)
{
  guint64 value;

  if (!takes_workers (model))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_PARSE,
                   _("The model “%s” runs on one thread; it takes no worker count"), model->id);
      return FALSE;
    }
  if (g_str_equal (text, "tasks"))
    *out = 0;
  else if (g_str_equal (text, "cores"))
    *out = MAX (n_cores, 1);
  else if (g_ascii_string_to_unsigned (text, 10, 1, LAB_MAX_THREADS, &value, NULL))
    *out = (guint) value;
  else
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_PARSE,
                   _("“%s:%s”: a worker count is a number from 1 to %d, “tasks” (one per "
                     "task) or “cores” (one per core)"), model->id, text, LAB_MAX_THREADS);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_one (const char   *part,
           guint         n_cores,
           LabRunEntry  *out,
           GError      **error)
{
  g_auto(GStrv) halves = g_strsplit (part, ":", 2);
  g_autoptr(GError) local_error = NULL;
  g_autofree const LabModel **models = NULL;
  const char *id = g_strstrip (halves[0]);

  /* One id through the list parser: the same message for an unknown model. */
  models = lab_model_parse_list (id, &local_error);
  if (models == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  out->model = models[0];
  out->n_workers = LAB_RUN_WORKERS_DEFAULT;
  if (halves[1] == NULL)
    return TRUE;
  return parse_workers (out->model, g_strstrip (halves[1]), n_cores, &out->n_workers, error);
}

/**
 * lab_run_entries_parse:
 * @text: "all", or entries separated by commas: "sequential,threads:tasks,threads:cores"
 * @n_cores: what "cores" stands for
 * @error: where an unknown model, a bad count or a repeated entry is reported
 *
 * Returns: (transfer full) (nullable): a #GArray of #LabRunEntry, at least one
 */
GArray *
lab_run_entries_parse (const char  *text,
                       guint        n_cores,
                       GError     **error)
{
  g_autoptr(GArray) entries = NULL;
  g_auto(GStrv) parts = NULL;
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  trimmed = g_strstrip (g_strdup (text));
  if (g_str_equal (trimmed, "all") || strchr (trimmed, ':') == NULL)
    {
      g_autofree const LabModel **models = lab_model_parse_list (trimmed, error);

      return models != NULL ? lab_run_entries_from_models (models) : NULL;
    }

  entries = g_array_new (FALSE, FALSE, sizeof (LabRunEntry));
  parts = g_strsplit (trimmed, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      LabRunEntry entry;

      /* As the list of models: an empty item is a typo, not a wish. */
      if (*g_strstrip (parts[i]) == '\0')
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_PARSE,
                       _("“%s”: item %u of the list is empty"), text, i + 1);
          return NULL;
        }
      if (!parse_one (parts[i], n_cores, &entry, error))
        return NULL;
      for (guint k = 0; k < entries->len; k++)
        {
          const LabRunEntry *other = &g_array_index (entries, LabRunEntry, k);

          if (other->model == entry.model && other->n_workers == entry.n_workers)
            {
              g_set_error (error, LAB_ERROR, LAB_ERROR_PARSE,
                           _("“%s” is listed twice with the same workers"), parts[i]);
              return NULL;
            }
        }
      g_array_append_val (entries, entry);
    }
  /* A colon is in some part, which parse_one() took or refused. */
  g_assert (entries->len > 0);
  return g_steal_pointer (&entries);
}

/**
 * lab_run_entries_from_models:
 * @models: NULL-terminated models
 *
 * Returns: (transfer full): an entry per model, each with the run's workers
 */
GArray *
lab_run_entries_from_models (const LabModel **models)
{
  GArray *entries = g_array_new (FALSE, FALSE, sizeof (LabRunEntry));

  g_return_val_if_fail (models != NULL, entries);

  for (guint i = 0; models[i] != NULL; i++)
    {
      LabRunEntry entry = { models[i], LAB_RUN_WORKERS_DEFAULT };

      g_array_append_val (entries, entry);
    }
  return entries;
}

/**
 * lab_run_entry_to_string:
 * @entry: an entry
 *
 * Returns: (transfer full): its text form, "threads" or "threads:4"
 *   ("threads:tasks" for one per task)
 */
char *
lab_run_entry_to_string (const LabRunEntry *entry)
{
  g_return_val_if_fail (entry != NULL && entry->model != NULL, NULL);

  if (entry->n_workers == LAB_RUN_WORKERS_DEFAULT)
    return g_strdup (entry->model->id);
  if (entry->n_workers == 0)
    return g_strdup_printf ("%s:tasks", entry->model->id);
  return g_strdup_printf ("%s:%u", entry->model->id, entry->n_workers);
}

gboolean
lab_run_entries_has_model (GArray         *entries,
                           const LabModel *model)
{
  g_return_val_if_fail (entries != NULL, FALSE);

  for (guint i = 0; i < entries->len; i++)
    if (g_array_index (entries, LabRunEntry, i).model == model)
      return TRUE;
  return FALSE;
}

/* What was traced, as a name: the command with every path cut to its last
 * part ("python3 gil_threads.py"), or the name of another tool's file. */
static char *
observed_name (LabObserved *roster)
{
  g_autofree char *title = lab_observed_dup_title (roster);
  g_auto(GStrv) words = NULL;
  GString *shown;

  if (title == NULL || *title == '\0')
    /* Translators: a traced program's name, when its command is not known */
    return g_strdup (_("Traced program"));
  shown = g_string_new (NULL);
  words = g_strsplit (title, " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      const char *slash = strrchr (words[i], '/');

      if (shown->len > 0)
        g_string_append_c (shown, ' ');
      g_string_append (shown, slash != NULL && slash[1] != '\0' ? slash + 1 : words[i]);
    }
  return g_string_free (shown, FALSE);
}

/**
 * lab_run_entries_add_to_plan:
 * @entries: (element-type LabRunEntry): entries, as parsed
 * @builder: a plan being built
 *
 * Adds each entry, in order, as its model's id and its workers.
 */
void
lab_run_entries_add_to_plan (GArray            *entries,
                             LabRunPlanBuilder *builder)
{
  g_return_if_fail (entries != NULL);
  g_return_if_fail (builder != NULL);

  for (guint i = 0; i < entries->len; i++)
    {
      const LabRunEntry *entry = &g_array_index (entries, LabRunEntry, i);

      lab_run_plan_builder_add_entry (builder, entry->model->id, entry->n_workers);
    }
}

/**
 * lab_run_entry_dup_name:
 * @comparison: a comparison
 * @index: an entry of its plan (trace @index, or a model not run)
 *
 * Returns: (transfer full): the model's name, with its workers where the
 *   plan runs the same model more than once, or where it gives the model a
 *   count other than the run's: "Threads, 8 workers"; of a traced program
 *   or another tool's trace, what was traced ("python3 gil_threads.py")
 */
char *
lab_run_entry_dup_name (LabComparison *comparison,
                        guint          index)
{
  guint n = lab_comparison_get_n_planned (comparison);
  guint workers = 0;
  const char *id;
  const LabModel *model;
  const char *name;
  gboolean repeated = FALSE;

  g_return_val_if_fail (comparison != NULL, NULL);
  g_return_val_if_fail (index < n, NULL);

  if (index < lab_comparison_get_n_traces (comparison))
    {
      g_autoptr(LabTrace) trace = lab_comparison_dup_trace (comparison, index);

      if (lab_trace_get_observed (trace) != NULL)
        return observed_name (lab_trace_get_observed (trace));
    }
  id = lab_comparison_get_planned (comparison, index, &workers);
  model = lab_model_find (id);
  name = lab_model_get_name_for_id (id);
  for (guint i = 0; i < n && !repeated; i++)
    repeated = i != index && g_strcmp0 (lab_comparison_get_planned (comparison, i, NULL), id) == 0;
  /* A count of its own, unlike the run's, is named too: the chart's stamp
   * gives the run's count, which would not be this model's. */
  if (!repeated && (model == NULL || !takes_workers (model)
                    || workers == lab_comparison_get_n_workers (comparison)))
    return g_strdup (name);
  if (workers == 0)
    /* Translators: a model's name, for a run with a worker per task */
    return g_strdup_printf (_("%s, one worker per task"), name);
  /* Translators: a model's name and its workers, e.g. "Threads, 2 workers" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %u worker", "%s, %u workers",
                                       workers), name, workers);
}
