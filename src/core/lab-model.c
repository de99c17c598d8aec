/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-model"

#include "config.h"

#include <glib/gi18n.h>

#include "lab-clock.h"
#include "lab-cpu-work.h"
#include "lab-error.h"
#include "lab-model-private.h"

static const LabModel * const all_models[] = {
  &lab_model_sequential,
  &lab_model_event_loop,
  &lab_model_loop_offload,
  &lab_model_threads,
  &lab_model_threads_gil,
  &lab_model_processes,
  &lab_model_process_per_task,
  NULL
};

/**
 * lab_model_get_all:
 * @n_models: (out) (optional): the number of models
 *
 * Returns: (transfer none): every model, in display order, NULL-terminated
 */
const LabModel * const *
lab_model_get_all (guint *n_models)
{
  if (n_models != NULL)
    *n_models = G_N_ELEMENTS (all_models) - 1;
  return all_models;
}

/**
 * lab_model_find:
 * @id: a model id such as "event-loop"
 *
 * Returns: (nullable): the model, or %NULL if there is none by that id
 */
const LabModel *
lab_model_find (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; all_models[i] != NULL; i++)
    if (g_str_equal (all_models[i]->id, id))
      return all_models[i];
  return NULL;
}

static char *
join_ids (void)
{
  g_autoptr(GString) ids = g_string_new (NULL);

  for (guint i = 0; all_models[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (ids, ", ");
      g_string_append (ids, all_models[i]->id);
    }
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

/**
 * lab_model_parse_list:
 * @text: model ids separated by commas ("sequential,threads"), or "all"
 * @error: where an unknown or repeated id is reported
 *
 * Returns: (transfer container) (nullable): the models in the order given,
 *   NULL-terminated; free with g_free()
 */
const LabModel **
lab_model_parse_list (const char  *text,
                      GError     **error)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GPtrArray) models = NULL;
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  trimmed = g_strstrip (g_strdup (text));
  if (g_str_equal (trimmed, "all"))
    return g_memdup2 (all_models, sizeof all_models);

  models = g_ptr_array_new ();
  parts = g_strsplit (text, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *id = g_strstrip (parts[i]);
      const LabModel *model;

      if (*id == '\0')
        continue;
      model = lab_model_find (id);
      if (model == NULL)
        {
          g_autofree char *valid = join_ids ();

          g_set_error (error, LAB_ERROR, LAB_ERROR_PARSE,
                       _("Unknown model “%s”; the models are: %s"), id, valid);
          return NULL;
        }
      if (g_ptr_array_find (models, model, NULL))
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_PARSE,
                       _("The model “%s” is listed twice"), id);
          return NULL;
        }
      g_ptr_array_add (models, (gpointer) model);
    }

  if (models->len == 0)
    {
      g_autofree char *valid = join_ids ();

      g_set_error (error, LAB_ERROR, LAB_ERROR_PARSE,
                   _("No model given; the models are: %s"), valid);
      return NULL;
    }

  g_ptr_array_add (models, NULL);
  return (const LabModel **) g_ptr_array_free (g_steal_pointer (&models), FALSE);
}

/**
 * lab_model_get_name:
 * @model: a model
 *
 * Returns: the model's title in the user's language
 */
const char *
lab_model_get_name (const LabModel *model)
{
  g_return_val_if_fail (model != NULL, NULL);

  return _(model->name);
}

/* What the model files share. */

static void
record_to_writer (gpointer  data,
                  guint32   task,
                  LabState  state,
                  gint      core,
                  gint64    begin_ns,
                  gint64    end_ns)
{
  lab_trace_writer_add (data, task, state, core, begin_ns, end_ns);
}

void
_lab_model_recorder_init (LabRecorder    *recorder,
                          LabTraceWriter *writer)
{
  g_assert (recorder != NULL);
  g_assert (writer != NULL);

  recorder->record = record_to_writer;
  recorder->data = writer;
}

double
_lab_model_iterations_per_ms (const LabModelContext *ctx)
{
  return ctx->iterations_per_ms > 0 ? ctx->iterations_per_ms : lab_cpu_calibrate ();
}

gint64
_lab_model_begin (const LabModelContext *ctx,
                  guint                  n_workers)
{
  gint64 now;

  g_assert (ctx != NULL && ctx->trace != NULL && ctx->workload != NULL);

  lab_trace_set_n_workers (ctx->trace, n_workers);
  lab_trace_set_iterations_per_ms (ctx->trace, _lab_model_iterations_per_ms (ctx));
  now = lab_clock_now_ns ();
  lab_trace_begin (ctx->trace, now);
  return now;
}

void
_lab_model_end (const LabModelContext *ctx)
{
  guint n_tasks = lab_workload_get_n_tasks (ctx->workload);

  /* Only pending tasks change: a status is set once. */
  for (guint32 task = 0; task < n_tasks; task++)
    lab_trace_task_cancelled (ctx->trace, task);
  lab_trace_end (ctx->trace, lab_clock_now_ns ());
}

gboolean
_lab_model_run_task (const LabModelContext *ctx,
                     const LabRecorder     *recorder,
                     guint32                task,
                     LabGil                *gil)
{
  LabPhase phases[LAB_MAX_PHASES];
  guint n_phases = lab_workload_get_phases (ctx->workload, task, phases);
  double rate = _lab_model_iterations_per_ms (ctx);

  for (guint i = 0; i < n_phases; i++)
    {
      gboolean ok;

      if (phases[i].kind == LAB_PHASE_CPU)
        {
          gint64 cpu_ns = 0;

          ok = lab_exec_cpu (recorder, task, lab_cpu_iterations_for (rate, phases[i].ns),
                             gil, ctx->cancellable, &cpu_ns);
          lab_trace_add_cpu_time (ctx->trace, cpu_ns);
        }
      else
        {
          ok = lab_exec_wait (recorder, task, phases[i].ns, gil, ctx->cancellable);
        }

      if (!ok)
        {
          lab_trace_task_cancelled (ctx->trace, task);
          return FALSE;
        }
    }
  lab_trace_task_done (ctx->trace, task);
  return TRUE;
}
