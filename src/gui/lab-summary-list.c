/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-summary-list"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "lab-duration.h"
#include "lab-run-entry.h"
#include "lab-stats.h"
#include "lab-summary-list.h"
#include "lab-verdict.h"

/*
 * Below the chart: one row per model with what was measured, the figures
 * lab-figures.h says apply (the same as the panel titles), the CPU time
 * and the ideal time from the measured work; each cell's tooltip explains
 * its figure with this run's numbers, each heading's defines it. A grid
 * rather than a list view: there are a handful of rows, and a grid aligns
 * the figures by itself. A figure's column shows only where some row has
 * it; a model a stopped run never started has a row that says so. A model
 * the learner made a guess for gets its verdict in a last column, shown
 * only when some model has one.
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
  gboolean       shown[LAB_SUMMARY_N_COLUMNS];
  gboolean       show_memory;
};

G_DEFINE_FINAL_TYPE (LabSummaryList, lab_summary_list, GTK_TYPE_WIDGET)

/**
 * lab_summary_column_get_figure:
 * @column: a column
 *
 * Returns: the figure the column shows, or %LAB_N_FIGURES for the model's
 *   name, the CPU time and the ideal
 */
LabFigureId
lab_summary_column_get_figure (LabSummaryColumn column)
{
  switch (column)
    {
    case LAB_SUMMARY_COLUMN_ELAPSED:
      return LAB_FIGURE_ELAPSED;
    case LAB_SUMMARY_COLUMN_SPEEDUP:
      return LAB_FIGURE_SPEEDUP;
    case LAB_SUMMARY_COLUMN_EFFICIENCY:
      return LAB_FIGURE_EFFICIENCY;
    case LAB_SUMMARY_COLUMN_AMDAHL:
      return LAB_FIGURE_AMDAHL;
    case LAB_SUMMARY_COLUMN_WAITS_AT_ONCE:
      return LAB_FIGURE_OVERLAP;
    case LAB_SUMMARY_COLUMN_STRETCH:
      return LAB_FIGURE_STRETCH;
    case LAB_SUMMARY_COLUMN_LATENESS:
      return LAB_FIGURE_LATENESS;
    case LAB_SUMMARY_COLUMN_PEAK_MEMORY:
      return LAB_FIGURE_PEAK_MEMORY;
    case LAB_SUMMARY_COLUMN_TASK_MEMORY:
      return LAB_FIGURE_TASK_MEMORY;
    case LAB_SUMMARY_COLUMN_WORKER_MEMORY:
      return LAB_FIGURE_WORKER_MEMORY;
    case LAB_SUMMARY_COLUMN_MODEL:
    case LAB_SUMMARY_COLUMN_CPU:
    case LAB_SUMMARY_COLUMN_IDEAL:
    case LAB_SUMMARY_N_COLUMNS:
    default:
      return LAB_N_FIGURES;
    }
}

/* A column's heading and its explanation (NULL: none): a figure's own
 * words, or those of the columns that are not figures. */
static void
column_words (LabSummaryColumn   column,
              const char       **title,
              const char       **description)
{
  LabFigureId figure = lab_summary_column_get_figure (column);

  if (figure != LAB_N_FIGURES)
    {
      *title = lab_figure_get_label (figure);
      *description = lab_figure_get_description (figure);
      return;
    }
  switch (column)
    {
    case LAB_SUMMARY_COLUMN_MODEL:
      *title = _("Model");
      *description = NULL;
      break;
    case LAB_SUMMARY_COLUMN_CPU:
      *title = _("CPU Time");
      *description = _("The CPU time the tasks' computing took, as the kernel counted it on "
                       "the threads and processes that ran it; waiting takes none.");
      break;
    case LAB_SUMMARY_COLUMN_IDEAL:
    default:
      *title = _("Ideal");
      *description = _("This run's measured work spread perfectly over the cores it could "
                       "use: the longest task's own computing and waiting, or all the "
                       "computing ÷ the cores.");
      break;
    }
}

/* The CPU time, and how far the computing strayed from the plan. */
static void
cpu_cell (const LabFigures  *f,
          char             **out_text,
          char             **out_tooltip)
{
  LabTraceStats stats;

  lab_trace_compute_stats (f->trace, &stats);
  /* Waiting costs no CPU: say "0 s" rather than "0 ns"; another tool's
   * trace did not measure it. */
  if (stats.cpu_ns < 0)
    *out_text = g_strdup ("—");
  else
    *out_text = stats.cpu_ns == 0 ? g_strdup ("0 s") : lab_duration_format (stats.cpu_ns);
  if (isfinite (f->calibration_drift))
    {
      g_autofree char *planned = lab_duration_format (f->planned_cpu_ns);

      *out_tooltip = g_strdup_printf (_("The tasks computed %+.0f %% against the %s of CPU work "
                                        "planned (calibration drift)."),
                                      f->calibration_drift * 100.0, planned);
    }
}

/* A cell's text and tooltip in the row of @f. */
static void
cell_of (LabSummaryColumn   column,
         const LabFigures  *f,
         char             **out_text,
         char             **out_tooltip)
{
  LabFigureId id = lab_summary_column_get_figure (column);
  const LabFigure *figure = id != LAB_N_FIGURES ? lab_figures_find (f, id) : NULL;

  *out_tooltip = NULL;
  if (figure != NULL)
    {
      *out_text = g_strdup (figure->cell);
      *out_tooltip = g_strdup (figure->explanation);
    }
  else if (column == LAB_SUMMARY_COLUMN_CPU && f->state != LAB_RUN_STATE_RUNNING
           && lab_trace_get_error (f->trace) == NULL)
    cpu_cell (f, out_text, out_tooltip);
  else if (column == LAB_SUMMARY_COLUMN_IDEAL && f->ideal_ns >= 0)
    {
      const char *title, *description;

      column_words (column, &title, &description);
      *out_text = lab_duration_format (f->ideal_ns);
      *out_tooltip = g_strdup (description);
    }
  else
    /* A run still going has no figures yet: its time so far would claim one. */
    *out_text = g_strdup (f->state == LAB_RUN_STATE_RUNNING ? "…" : "—");
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
set_cell (LabSummaryList *self,
          guint           column,
          guint           row,
          const char     *text,
          const char     *tooltip)
{
  GtkWidget *cell = gtk_grid_get_child_at (self->grid, column, row + 1);

  if (cell == NULL)
    {
      cell = new_cell (text, column, FALSE);
      gtk_grid_attach (self->grid, cell, column, row + 1, 1, 1);
    }
  else
    gtk_label_set_label (GTK_LABEL (cell), text);
  gtk_widget_set_tooltip_text (cell, tooltip);
  gtk_widget_set_visible (cell, self->shown[column]);
}

static void
clear_rows (LabSummaryList *self)
{
  for (guint row = 1; row <= self->n_rows; row++)
    gtk_grid_remove_row (self->grid, 1);
  self->n_rows = 0;
}

/* The verdict on the learner's guess, once the model has finished whole
 * (@trace %NULL: a model not run, which has none). */
static void
fill_verdict (LabSummaryList *self,
              guint           row,
              LabTrace       *trace)
{
  gint64 predicted = trace != NULL ? lab_comparison_get_prediction (self->comparison,
                                                                    lab_trace_get_model_id (trace))
                                   : 0;
  g_autofree char *verdict = NULL;
  GtkWidget *cell = gtk_grid_get_child_at (self->grid, VERDICT_COLUMN, row + 1);

  /* A finished trace's verdict does not change: the summary refreshes
   * while later models run, and the sweep is not free on a large trace. */
  if (trace != NULL && lab_verdict_available (trace, predicted))
    {
      if (!g_hash_table_contains (self->verdicts, trace))
        g_hash_table_insert (self->verdicts, trace, lab_verdict_describe (trace, predicted));
      verdict = g_strdup (g_hash_table_lookup (self->verdicts, trace));
    }
  if (verdict == NULL && predicted > 0 && !lab_trace_is_finished (trace))
    /* Translators: the verdict's cell while the guessed model still runs */
    verdict = g_strdup (_("…"));
  else if (verdict == NULL && predicted > 0)
    /* Translators: the verdict's cell of a run stopped (or failed) before its end */
    verdict = g_strdup (_("not judged: the run is not whole"));
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

/* What-if: "10.7 s (+1.11 s)" against the same entry in the run before. */
static char *
with_change (LabSummaryList *self,
             LabTrace       *trace,
             char           *elapsed_text)  /* (transfer full) */
{
  g_autofree char *own = elapsed_text;
  g_autoptr(LabTrace) before = NULL;
  g_autofree char *delta = NULL;
  gint64 was, now;

  if (self->baseline == NULL || !lab_trace_is_complete (trace))
    return g_steal_pointer (&own);
  before = lab_comparison_dup_trace_like (self->baseline, trace);
  if (before == NULL || !lab_trace_is_complete (before))
    return g_steal_pointer (&own);
  was = lab_trace_get_end_ns (before) - lab_trace_get_begin_ns (before);
  now = lab_trace_get_end_ns (trace) - lab_trace_get_begin_ns (trace);
  delta = lab_duration_format (ABS (now - was));
  return g_strdup_printf ("%s (%s%s)", own, now >= was ? "+" : "−", delta);
}

static void
fill_row (LabSummaryList   *self,
          guint             row,
          const LabFigures *f)
{
  g_autofree char *name = lab_run_entry_dup_name (self->comparison, row);

  set_cell (self, LAB_SUMMARY_COLUMN_MODEL, row, name, NULL);
  for (guint column = LAB_SUMMARY_COLUMN_ELAPSED; column < LAB_SUMMARY_N_COLUMNS; column++)
    {
      g_autofree char *text = NULL;
      g_autofree char *tooltip = NULL;

      cell_of (column, f, &text, &tooltip);
      if (column == LAB_SUMMARY_COLUMN_ELAPSED)
        text = with_change (self, f->trace, g_steal_pointer (&text));
      set_cell (self, column, row, text, tooltip);
    }
  fill_verdict (self, row, f->trace);
}

/* A model the stopped run never started: its name and "not run". */
static void
fill_not_run (LabSummaryList *self,
              guint           row)
{
  g_autofree char *name = lab_run_entry_dup_name (self->comparison, row);

  set_cell (self, LAB_SUMMARY_COLUMN_MODEL, row, name, NULL);
  set_cell (self, LAB_SUMMARY_COLUMN_ELAPSED, row, _("not run"),
            _("The run was stopped before this model started."));
  for (guint column = LAB_SUMMARY_COLUMN_ELAPSED + 1; column < LAB_SUMMARY_N_COLUMNS; column++)
    set_cell (self, column, row, "—", NULL);
  fill_verdict (self, row, NULL);
}

/* The figure columns some row has, and the headings' visibility. */
static void
choose_columns (LabSummaryList *self,
                GPtrArray      *figures)
{
  for (guint column = 0; column < LAB_SUMMARY_N_COLUMNS; column++)
    {
      LabFigureId id = lab_summary_column_get_figure (column);
      gboolean shown = id == LAB_N_FIGURES || id == LAB_FIGURE_ELAPSED;
      gboolean hidden = !self->show_memory && (id == LAB_FIGURE_PEAK_MEMORY
                                               || id == LAB_FIGURE_TASK_MEMORY
                                               || id == LAB_FIGURE_WORKER_MEMORY);

      for (guint i = 0; i < figures->len && !shown && !hidden; i++)
        shown = lab_figures_find (g_ptr_array_index (figures, i), id) != NULL;
      self->shown[column] = shown;
      gtk_widget_set_visible (gtk_grid_get_child_at (self->grid, column, 0), shown);
    }
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
  g_autoptr(GPtrArray) figures = NULL;
  guint n_traces, n_rows;

  g_return_if_fail (LAB_IS_SUMMARY_LIST (self));

  if (self->comparison == NULL)
    {
      clear_rows (self);
      show_verdicts (self);
      return;
    }
  figures = g_ptr_array_new_with_free_func ((GDestroyNotify) lab_figures_free);
  n_traces = lab_comparison_get_n_traces (self->comparison);
  for (guint i = 0; i < n_traces; i++)
    {
      g_autoptr(LabTrace) trace = lab_comparison_dup_trace (self->comparison, i);

      g_ptr_array_add (figures, lab_figures_new (self->comparison, trace));
    }
  choose_columns (self, figures);
  for (guint i = 0; i < n_traces; i++)
    fill_row (self, i, g_ptr_array_index (figures, i));
  n_rows = n_traces + lab_comparison_get_n_not_run (self->comparison);
  for (guint i = n_traces; i < n_rows; i++)
    fill_not_run (self, i);
  self->n_rows = MAX (self->n_rows, n_rows);
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
 * lab_summary_list_set_show_memory:
 * @self: the summary
 * @show: whether the memory columns are shown
 *
 * The window's memory is counted in an in-process model's growth (the
 * chart drawn while the run goes on), which a handful of tasks cannot
 * outweigh: the columns follow the chart's memory layer, which the lesson
 * that is about memory turns on, rather than showing megabytes "a task"
 * beside every run. The command line's summaries always have them.
 */
void
lab_summary_list_set_show_memory (LabSummaryList *self,
                                  gboolean        show)
{
  g_return_if_fail (LAB_IS_SUMMARY_LIST (self));

  if (self->show_memory == !!show)
    return;
  self->show_memory = !!show;
  lab_summary_list_refresh (self);
}

/**
 * lab_summary_list_get_column_shown:
 * @self: the summary
 * @column: a column
 *
 * Returns: whether @column is shown
 */
gboolean
lab_summary_list_get_column_shown (LabSummaryList   *self,
                                   LabSummaryColumn  column)
{
  g_return_val_if_fail (LAB_IS_SUMMARY_LIST (self), FALSE);
  g_return_val_if_fail (column < LAB_SUMMARY_N_COLUMNS, FALSE);

  return self->shown[column];
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

/* The label of a shown cell, or NULL; the getters' arguments are checked
 * here, once for both. */
static GtkWidget *
cell_at (LabSummaryList   *self,
         guint             row,
         LabSummaryColumn  column)
{
  g_return_val_if_fail (LAB_IS_SUMMARY_LIST (self), NULL);
  g_return_val_if_fail (column < LAB_SUMMARY_N_COLUMNS, NULL);

  if (row >= self->n_rows || !self->shown[column])
    return NULL;
  return gtk_grid_get_child_at (self->grid, column, row + 1);
}

/**
 * lab_summary_list_get_cell:
 * @self: the summary
 * @row: a model's row, from 0
 * @column: the figure
 *
 * Returns: (nullable): the text shown in the cell; %NULL for a column not shown, "—"
 *   where the row has no such figure
 */
const char *
lab_summary_list_get_cell (LabSummaryList   *self,
                           guint             row,
                           LabSummaryColumn  column)
{
  GtkWidget *cell = cell_at (self, row, column);

  return cell != NULL ? gtk_label_get_label (GTK_LABEL (cell)) : NULL;
}

/**
 * lab_summary_list_get_tooltip:
 * @self: the summary
 * @row: a model's row, from 0
 * @column: the figure
 *
 * Returns: (nullable): the cell's tooltip: the figure explained with this
 *   run's numbers
 */
const char *
lab_summary_list_get_tooltip (LabSummaryList   *self,
                              guint             row,
                              LabSummaryColumn  column)
{
  GtkWidget *cell = cell_at (self, row, column);

  return cell != NULL ? gtk_widget_get_tooltip_text (cell) : NULL;
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
    {
      const char *title, *description;
      GtkWidget *heading;

      column_words (column, &title, &description);
      heading = new_cell (title, column, TRUE);
      gtk_widget_set_tooltip_text (heading, description);
      gtk_grid_attach (self->grid, heading, column, 0, 1, 1);
      self->shown[column] = TRUE;
    }
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
