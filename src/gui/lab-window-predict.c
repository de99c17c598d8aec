/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-window"

#include "config.h"

#include <string.h>

#include "lab-model.h"
#include "lab-window-private.h"

/*
 * Predict-then-run in the window: the guesses typed beside the models are
 * kept per preset in the "predictions" setting (a{sd}, seconds, keyed
 * "SCOPE/MODEL-ID"), so that choosing a lesson again brings its guesses
 * back and a class can compare. SCOPE is the preset's id, or
 * "workload:TEXT" for a workload made by hand (model ids hold no "/", so a
 * key splits at its last one). Run puts the guesses on the comparison,
 * where the chart marks them and the summary judges them.
 */

#define SCOPE_KEY "lab-prediction-scope"

static char *
current_scope (LabWindow *self)
{
  if (self->preset != NULL)
    return g_strdup (self->preset->id);
  return g_strconcat ("workload:", lab_workload_panel_get_workload (self->workload_panel), NULL);
}

static char *
key_of (const char *scope,
        const char *model_id)
{
  return g_strconcat (scope, "/", model_id, NULL);
}

/* Writes the panel's guesses under the current scope, keeping every other
 * scope's. */
static void
save_predictions (LabWindow *self)
{
  g_autoptr(GVariant) stored = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *prefix = NULL;
  GVariantBuilder builder;
  GVariantIter iter;
  const char *key;
  double seconds;
  guint n_models;
  const LabModel * const *all = lab_model_get_all (&n_models);

  if (self->settings == NULL)
    return;
  scope = current_scope (self);
  prefix = g_strconcat (scope, "/", NULL);
  stored = g_settings_get_value (self->settings, "predictions");
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{sd}"));
  g_variant_iter_init (&iter, stored);
  while (g_variant_iter_next (&iter, "{&sd}", &key, &seconds))
    if (!g_str_has_prefix (key, prefix) || strchr (key + strlen (prefix), '/') != NULL)
      g_variant_builder_add (&builder, "{sd}", key, seconds);
  for (guint i = 0; i < n_models; i++)
    {
      gint64 ns = lab_workload_panel_get_prediction (self->workload_panel, all[i]->id);
      g_autofree char *model_key = key_of (scope, all[i]->id);

      if (ns > 0)
        g_variant_builder_add (&builder, "{sd}", model_key, (double) ns / 1e9);
    }
  g_settings_set_value (self->settings, "predictions", g_variant_builder_end (&builder));
}

/* A guess changed after the run it was judged on: the old verdict (and
 * its mark on the bars) goes, rather than judge a guess typed after the
 * answer was on screen. The new guess is judged by the next run. */
static void
clear_changed_verdicts (LabWindow *self)
{
  gboolean changed = FALSE;
  guint n_models;
  const LabModel * const *all = lab_model_get_all (&n_models);

  if (self->shown == NULL)
    return;
  for (guint i = 0; i < n_models; i++)
    {
      gint64 judged = lab_comparison_get_prediction (self->shown, all[i]->id);

      if (judged > 0 && judged != lab_workload_panel_get_prediction (self->workload_panel,
                                                                     all[i]->id))
        {
          lab_comparison_set_prediction (self->shown, all[i]->id, 0);
          changed = TRUE;
        }
    }
  if (!changed)
    return;
  lab_summary_list_refresh (self->summary_list);
  lab_chart_view_redraw (self->chart_view);
}

static void
on_predictions_changed_cb (LabWindow *self)
{
  save_predictions (self);
  clear_changed_verdicts (self);
}

/**
 * _lab_window_load_predictions:
 * @self: the window
 *
 * Shows the guesses kept for the current preset, or for the workload made
 * by hand. A workload just made by hand that has none keeps the guesses
 * shown (they were for the lesson it came from) until they are edited or
 * run, when they are kept for it too.
 */
void
_lab_window_load_predictions (LabWindow *self)
{
  g_autoptr(GVariant) stored = NULL;
  g_autofree char *scope = NULL;
  gboolean custom;
  gboolean any = FALSE;
  guint n_models;
  const LabModel * const *all = lab_model_get_all (&n_models);

  if (self->settings == NULL)
    return;
  scope = current_scope (self);
  if (g_strcmp0 (scope, g_object_get_data (G_OBJECT (self), SCOPE_KEY)) == 0)
    return;
  g_object_set_data_full (G_OBJECT (self), SCOPE_KEY, g_strdup (scope), g_free);
  custom = g_str_has_prefix (scope, "workload:");

  stored = g_settings_get_value (self->settings, "predictions");
  for (guint i = 0; i < n_models && !any; i++)
    {
      g_autofree char *key = key_of (scope, all[i]->id);
      double seconds;

      any = g_variant_lookup (stored, key, "d", &seconds);
    }
  if (custom && !any)
    return;
  for (guint i = 0; i < n_models; i++)
    {
      g_autofree char *key = key_of (scope, all[i]->id);
      double seconds = 0;
      gint64 ns = 0;

      /* A hand-edited setting may hold anything: only what a field accepts. */
      if (g_variant_lookup (stored, key, "d", &seconds) && seconds > 0 && seconds <= 3600)
        ns = (gint64) (seconds * 1e9 + 0.5);
      lab_workload_panel_set_prediction (self->workload_panel, all[i]->id, ns);
    }
}

/**
 * _lab_window_predictions_init:
 * @self: the window, its settings bound
 *
 * Follows the guess fields and shows the guesses of the current scope.
 */
void
_lab_window_predictions_init (LabWindow *self)
{
  g_signal_connect_object (self->workload_panel, "predictions-changed",
                           G_CALLBACK (on_predictions_changed_cb), self, G_CONNECT_SWAPPED);
  _lab_window_load_predictions (self);
}

/**
 * _lab_window_apply_predictions:
 * @self: the window
 * @comparison: the run just started
 *
 * Puts the guesses of the models that run on the comparison, and keeps
 * them for the current scope.
 */
void
_lab_window_apply_predictions (LabWindow     *self,
                               LabComparison *comparison)
{
  guint n_models;
  const LabModel * const *all = lab_model_get_all (&n_models);

  g_return_if_fail (comparison != NULL);

  for (guint i = 0; i < n_models; i++)
    {
      gint64 ns = lab_workload_panel_get_prediction (self->workload_panel, all[i]->id);

      if (ns > 0)
        lab_comparison_set_prediction (comparison, all[i]->id, ns);
    }
  save_predictions (self);
}
