/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-summary-list"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "lab-duration.h"
#include "lab-model.h"
#include "lab-stats.h"
#include "lab-summary-list.h"
#include "lab-verdict.h"

/*
 * Below the chart: one row per model with what was measured (elapsed, CPU
 * time, speedup and efficiency against the sequential run, and the ideal
 * time for this workload on these cores). A grid rather than a list view:
 * there are at most six rows, and a grid aligns the figures by itself.
 * A model the learner made a guess for gets its verdict in a last column,
 * shown only when some model has one.
 */

/* The verdict's column, after the figures. */
#define VERDICT_COLUMN LAB_SUMMARY_N_COLUMNS

struct _LabSummaryList
{
  GtkWidget      parent_instance;

  LabComparison *comparison;
  LabComparison *baseline;      /* what-if: elapsed times are compared with its */
  GHashTable    *verdicts;      /* LabTrace * (of the comparison) -> its verdict line */
  GtkGrid       *grid;
  guint          n_rows;
};

G_DEFINE_FINAL_TYPE (LabSummaryList, lab_summary_list, GTK_TYPE_WIDGET)

static const char *column_titles[] = {
  N_("Model"), N_("Elapsed"), N_("CPU Time"), N_("Speedup"), N_("Efficiency"), N_("Ideal"),
};

/**
 * lab_summary_format_cell:
 * @column: which figure
 * @model_name: the model's display name (for the first column)
 * @stats: the trace's statistics
 *
 * Returns: (transfer full): the text of the cell
 */
char *
lab_summary_format_cell (LabSummaryColumn     column,
                         const char          *model_name,
                         const LabTraceStats *s)
{
  g_return_val_if_fail (s != NULL, NULL);

  switch (column)
    {
    case LAB_SUMMARY_COLUMN_MODEL:
      return g_strdup (model_name);
    case LAB_SUMMARY_COLUMN_ELAPSED:
      return lab_duration_format (s->elapsed_ns);
    case LAB_SUMMARY_COLUMN_CPU:
      /* Waiting costs no CPU: say "0 s" rather than "0 ns". */
      return s->cpu_ns == 0 ? g_strdup ("0 s") : lab_duration_format (s->cpu_ns);
    case LAB_SUMMARY_COLUMN_SPEEDUP:
      /* Translators: a speedup factor, as in "2.9×" */
      return isnan (s->speedup) ? g_strdup ("—") : g_strdup_printf (_("%.2f×"), s->speedup);
    case LAB_SUMMARY_COLUMN_EFFICIENCY:
      return isnan (s->efficiency) ? g_strdup ("—")
                                   : g_strdup_printf ("%.0f %%", s->efficiency * 100.0);
    case LAB_SUMMARY_COLUMN_IDEAL:
      return lab_duration_format (s->ideal_ns);
    case LAB_SUMMARY_N_COLUMNS:
    default:
      g_return_val_if_reached (NULL);
    }
}

static GtkWidget *
new_cell (const char *text,
          guint       column,
          gboolean    header)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), column == LAB_SUMMARY_COLUMN_MODEL ? 0.0f : 1.0f);
  gtk_widget_set_hexpand (label, column == LAB_SUMMARY_COLUMN_MODEL);
  gtk_widget_add_css_class (label, header ? "summary-heading" : "summary-cell");
  if (header)
    gtk_widget_add_css_class (label, "dim-label");
  else if (column != LAB_SUMMARY_COLUMN_MODEL)
    gtk_widget_add_css_class (label, "numeric");
  return label;
}

static void
clear_rows (LabSummaryList *self)
{
  for (guint row = 1; row <= self->n_rows; row++)
    gtk_grid_remove_row (self->grid, 1);
  self->n_rows = 0;
}

/* The verdict on the learner's guess, once the model has finished. */
static void
fill_verdict (LabSummaryList *self,
              guint           row,
              LabTrace       *trace)
{
  gint64 predicted = lab_comparison_get_prediction (self->comparison, lab_trace_get_model_id (trace));
  g_autofree char *verdict = NULL;
  GtkWidget *cell = gtk_grid_get_child_at (self->grid, VERDICT_COLUMN, row + 1);

  /* A finished trace's verdict does not change: the summary refreshes
   * while later models run, and the sweep is not free on a large trace. */
  if (lab_verdict_available (trace, predicted))
    {
      if (!g_hash_table_contains (self->verdicts, trace))
        g_hash_table_insert (self->verdicts, trace, lab_verdict_describe (trace, predicted));
      verdict = g_strdup (g_hash_table_lookup (self->verdicts, trace));
    }
  if (verdict == NULL && predicted > 0)
    /* Translators: the verdict's cell while the guessed model still runs */
    verdict = g_strdup (_("…"));
  if (cell == NULL)
    {
      cell = new_cell (verdict != NULL ? verdict : "", LAB_SUMMARY_COLUMN_MODEL, FALSE);
      gtk_label_set_wrap (GTK_LABEL (cell), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (cell), 48);
      gtk_widget_set_hexpand (cell, FALSE);
      gtk_widget_add_css_class (cell, "summary-verdict");
      gtk_grid_attach (self->grid, cell, VERDICT_COLUMN, row + 1, 1, 1);
    }
  else
    gtk_label_set_label (GTK_LABEL (cell), verdict != NULL ? verdict : "");
}

/* The verdicts' column only where some model has a guess. */
static void
show_verdicts (LabSummaryList *self)
{
  gboolean any = FALSE;

  for (guint row = 0; row < self->n_rows && !any; row++)
    {
      GtkWidget *cell = gtk_grid_get_child_at (self->grid, VERDICT_COLUMN, row + 1);

      any = cell != NULL && *gtk_label_get_label (GTK_LABEL (cell)) != '\0';
    }
  for (guint row = 0; row <= self->n_rows; row++)
    {
      GtkWidget *cell = gtk_grid_get_child_at (self->grid, VERDICT_COLUMN, row);

      if (cell != NULL)
        gtk_widget_set_visible (cell, any);
    }
}

/* What-if: "10.7 s (+1.11 s)" against the same model in the run before. */
static char *
with_change (LabSummaryList *self,
             LabTrace       *trace,
             char           *elapsed_text)  /* (transfer full) */
{
  g_autofree char *own = elapsed_text;
  g_autoptr(LabTrace) before = NULL;
  g_autofree char *delta = NULL;
  gint64 was, now;

  if (self->baseline == NULL || !lab_trace_is_finished (trace) || lab_trace_get_error (trace) != NULL)
    return g_steal_pointer (&own);
  before = lab_comparison_find_trace (self->baseline, lab_trace_get_model_id (trace));
  if (before == NULL || !lab_trace_is_finished (before) || lab_trace_get_error (before) != NULL)
    return g_steal_pointer (&own);
  was = lab_trace_get_end_ns (before) - lab_trace_get_begin_ns (before);
  now = lab_trace_get_end_ns (trace) - lab_trace_get_begin_ns (trace);
  delta = lab_duration_format (ABS (now - was));
  return g_strdup_printf ("%s (%s%s)", own, now >= was ? "+" : "−", delta);
}

static void
fill_row (LabSummaryList *self,
          guint           row,
          LabTrace       *trace,
          LabTrace       *sequential)
{
  const LabModel *model = lab_model_find (lab_trace_get_model_id (trace));
  const char *name = model != NULL ? lab_model_get_name (model) : lab_trace_get_model_id (trace);
  LabTraceStats stats;

  lab_trace_compute_stats (trace, sequential, &stats);
  for (guint column = 0; column < LAB_SUMMARY_N_COLUMNS; column++)
    {
      g_autofree char *text = lab_summary_format_cell (column, name, &stats);
      GtkWidget *cell;

      /* A model that could not run measured nothing; the banner says why. */
      if (lab_trace_get_error (trace) != NULL && column != LAB_SUMMARY_COLUMN_MODEL
          && column != LAB_SUMMARY_COLUMN_IDEAL)
        {
          g_free (text);
          text = g_strdup ("—");
        }
      /* A run still going has no speedup yet: its time so far would claim one. */
      else if (!lab_trace_is_finished (trace)
               && (column == LAB_SUMMARY_COLUMN_SPEEDUP || column == LAB_SUMMARY_COLUMN_EFFICIENCY))
        {
          g_free (text);
          text = g_strdup ("…");
        }
      else if (column == LAB_SUMMARY_COLUMN_ELAPSED)
        text = with_change (self, trace, g_steal_pointer (&text));
      cell = gtk_grid_get_child_at (self->grid, column, row + 1);
      if (cell == NULL)
        gtk_grid_attach (self->grid, new_cell (text, column, FALSE), column, row + 1, 1, 1);
      else
        gtk_label_set_label (GTK_LABEL (cell), text);
    }
  fill_verdict (self, row, trace);
}

/**
 * lab_summary_list_refresh:
 * @self: the summary
 *
 * Recomputes the figures from the comparison, which may still be growing.
 */
void
lab_summary_list_refresh (LabSummaryList *self)
{
  g_autoptr(LabTrace) sequential = NULL;
  guint n_traces;

  g_return_if_fail (LAB_IS_SUMMARY_LIST (self));

  if (self->comparison == NULL)
    {
      clear_rows (self);
      show_verdicts (self);
      return;
    }
  sequential = lab_comparison_find_trace (self->comparison, "sequential");
  n_traces = lab_comparison_get_n_traces (self->comparison);
  for (guint i = 0; i < n_traces; i++)
    {
      g_autoptr(LabTrace) trace = lab_comparison_get_trace (self->comparison, i);

      fill_row (self, i, trace, sequential);
    }
  self->n_rows = MAX (self->n_rows, n_traces);
  show_verdicts (self);
}

void
lab_summary_list_set_comparison (LabSummaryList *self,
                                 LabComparison  *comparison)
{
  g_return_if_fail (LAB_IS_SUMMARY_LIST (self));

  if (comparison != NULL)
    lab_comparison_ref (comparison);
  g_clear_pointer (&self->comparison, lab_comparison_unref);
  self->comparison = comparison;
  if (self->verdicts != NULL)
    g_hash_table_remove_all (self->verdicts);
  clear_rows (self);
  lab_summary_list_refresh (self);
}

/**
 * lab_summary_list_set_baseline:
 * @self: the summary
 * @baseline: (nullable): a run before (a what-if's): each elapsed time says
 *   how it changed against the same model there
 */
void
lab_summary_list_set_baseline (LabSummaryList *self,
                               LabComparison  *baseline)
{
  g_return_if_fail (LAB_IS_SUMMARY_LIST (self));

  if (baseline == self->baseline)
    return;
  g_clear_pointer (&self->baseline, lab_comparison_unref);
  self->baseline = baseline != NULL ? lab_comparison_ref (baseline) : NULL;
  lab_summary_list_refresh (self);
}

guint
lab_summary_list_get_n_rows (LabSummaryList *self)
{
  g_return_val_if_fail (LAB_IS_SUMMARY_LIST (self), 0);

  return self->n_rows;
}

/**
 * lab_summary_list_get_verdict:
 * @self: the summary
 * @row: a model's row, from 0
 *
 * Returns: (nullable): the verdict shown for the model's guess; %NULL or
 *   "" without one
 */
const char *
lab_summary_list_get_verdict (LabSummaryList *self,
                              guint           row)
{
  GtkWidget *cell;

  g_return_val_if_fail (LAB_IS_SUMMARY_LIST (self), NULL);

  if (row >= self->n_rows)
    return NULL;
  cell = gtk_grid_get_child_at (self->grid, VERDICT_COLUMN, row + 1);
  return cell != NULL ? gtk_label_get_label (GTK_LABEL (cell)) : NULL;
}

/**
 * lab_summary_list_get_cell:
 * @self: the summary
 * @row: a model's row, from 0
 * @column: the figure
 *
 * Returns: (nullable): the text shown in the cell
 */
const char *
lab_summary_list_get_cell (LabSummaryList   *self,
                           guint             row,
                           LabSummaryColumn  column)
{
  GtkWidget *cell;

  g_return_val_if_fail (LAB_IS_SUMMARY_LIST (self), NULL);
  g_return_val_if_fail (column < LAB_SUMMARY_N_COLUMNS, NULL);

  if (row >= self->n_rows)
    return NULL;
  cell = gtk_grid_get_child_at (self->grid, column, row + 1);
  return cell != NULL ? gtk_label_get_label (GTK_LABEL (cell)) : NULL;
}

static void
lab_summary_list_dispose (GObject *object)
{
  LabSummaryList *self = LAB_SUMMARY_LIST (object);

  if (self->grid != NULL)
    gtk_widget_unparent (GTK_WIDGET (self->grid));
  self->grid = NULL;
  g_clear_pointer (&self->verdicts, g_hash_table_unref);
  g_clear_pointer (&self->comparison, lab_comparison_unref);
  g_clear_pointer (&self->baseline, lab_comparison_unref);

  G_OBJECT_CLASS (lab_summary_list_parent_class)->dispose (object);
}

static void
lab_summary_list_class_init (LabSummaryListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lab_summary_list_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "summarylist");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_TABLE);
}

static void
lab_summary_list_init (LabSummaryList *self)
{
  self->verdicts = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  self->grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_column_spacing (self->grid, 24);
  gtk_grid_set_row_spacing (self->grid, 6);
  gtk_widget_set_parent (GTK_WIDGET (self->grid), GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Summary of the run"), -1);
  for (guint column = 0; column < LAB_SUMMARY_N_COLUMNS; column++)
    gtk_grid_attach (self->grid, new_cell (_(column_titles[column]), column, TRUE), column, 0, 1, 1);
  /* Translators: heading of the column that judges the learner's guesses */
  gtk_grid_attach (self->grid, new_cell (_("Your Guess"), LAB_SUMMARY_COLUMN_MODEL, TRUE),
                   VERDICT_COLUMN, 0, 1, 1);
  gtk_widget_set_hexpand (gtk_grid_get_child_at (self->grid, VERDICT_COLUMN, 0), FALSE);
  gtk_widget_set_visible (gtk_grid_get_child_at (self->grid, VERDICT_COLUMN, 0), FALSE);
}

GtkWidget *
lab_summary_list_new (void)
{
  return g_object_new (LAB_TYPE_SUMMARY_LIST, NULL);
}
