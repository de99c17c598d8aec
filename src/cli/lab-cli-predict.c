/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lab-cli-private.h"
#include "lab-duration.h"

/* `run --predict MODEL=DURATION[,MODEL=DURATION...]`: the learner's guess
 * of each model's total time, judged after the run. Every part must name
 * a model of this run, once, with a duration the workload parser would
 * accept; anything else is a usage error that quotes the part. */

static gboolean
model_in_run (const LabModel  *model,
              const LabModel **models)
{
  for (guint i = 0; models[i] != NULL; i++)
    if (models[i] == model)
      return TRUE;
  return FALSE;
}

/**
 * _lab_cli_parse_predictions:
 * @text: the value of --predict, e.g. "sequential=6s,event-loop=3s"
 * @models: the models of the run, %NULL-terminated
 * @error: a usage error naming --predict and the part that is wrong
 *
 * Returns: (transfer full) (nullable): a #GArray of #LabCliPrediction in
 *   the order given, or %NULL on error
 */
GArray *
_lab_cli_parse_predictions (const char      *text,
                            const LabModel **models,
                            GError         **error)
{
  g_autoptr(GArray) predictions = g_array_new (FALSE, FALSE, sizeof (LabCliPrediction));
  g_auto(GStrv) parts = NULL;
  guint empty_item = 0;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (models != NULL, NULL);

  parts = g_strsplit (text, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autoptr(GError) local_error = NULL;
      LabCliPrediction prediction;
      char *part = g_strstrip (parts[i]);
      char *equals = strchr (part, '=');
      char *id;

      if (*part == '\0')
        {
          if (empty_item == 0)
            empty_item = i + 1;
          continue;
        }
      if (equals == NULL)
        {
          _lab_cli_set_usage_error (error, "--predict",
                                    _("“%s” is not MODEL=DURATION (e.g. --predict "
                                      "sequential=6s,event-loop=3s)"), part);
          return NULL;
        }
      *equals = '\0';
      id = g_strstrip (part);
      prediction.model = lab_model_find (id);
      if (prediction.model == NULL)
        {
          g_autofree char *valid = lab_model_dup_ids ();

          _lab_cli_set_usage_error (error, "--predict", _("“%s” is not a model; the models are: %s"),
                                    id, valid);
          return NULL;
        }
      if (!model_in_run (prediction.model, models))
        {
          _lab_cli_set_usage_error (error, "--predict",
                                    _("“%s” is not one of the models of this run (see --models)"),
                                    id);
          return NULL;
        }
      for (guint k = 0; k < predictions->len; k++)
        if (g_array_index (predictions, LabCliPrediction, k).model == prediction.model)
          {
            _lab_cli_set_usage_error (error, "--predict", _("“%s” is predicted twice"), id);
            return NULL;
          }
      if (!lab_duration_parse (g_strstrip (equals + 1), &prediction.ns, &local_error))
        {
          _lab_cli_set_usage_error (error, "--predict", "%s: %s", id, local_error->message);
          return NULL;
        }
      g_array_append_val (predictions, prediction);
    }

  if (predictions->len == 0)
    {
      _lab_cli_set_usage_error (error, "--predict",
                                _("no prediction given (e.g. --predict sequential=6s)"));
      return NULL;
    }
  /* Between predictions, an empty item is a typo. */
  if (empty_item > 0)
    {
      _lab_cli_set_usage_error (error, "--predict", _("“%s”: item %u of the list is empty"),
                                text, empty_item);
      return NULL;
    }
  return g_steal_pointer (&predictions);
}

/**
 * _lab_cli_apply_predictions:
 * @comparison: the run's comparison
 * @predictions: (nullable): from _lab_cli_parse_predictions()
 *
 * Puts the predictions on the comparison, where the chart, the trace file
 * and the summary find them.
 */
void
_lab_cli_apply_predictions (LabComparison *comparison,
                            GArray        *predictions)
{
  g_return_if_fail (comparison != NULL);

  if (predictions == NULL)
    return;
  for (guint i = 0; i < predictions->len; i++)
    {
      const LabCliPrediction *p = &g_array_index (predictions, LabCliPrediction, i);

      lab_comparison_set_prediction (comparison, p->model->id, p->ns);
    }
}
