/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "lab-comparison.h"
#include "lab-figures.h"

G_BEGIN_DECLS

/* The columns of the summary, in order. The figure columns (speedup to
 * latest wait, and memory) show only where a row has that figure
 * (lab-figures.h). */
typedef enum
{
  LAB_SUMMARY_COLUMN_MODEL,
  LAB_SUMMARY_COLUMN_ELAPSED,
  LAB_SUMMARY_COLUMN_SPEEDUP,
  LAB_SUMMARY_COLUMN_EFFICIENCY,
  LAB_SUMMARY_COLUMN_AMDAHL,
  LAB_SUMMARY_COLUMN_WAITS_AT_ONCE,
  LAB_SUMMARY_COLUMN_STRETCH,
  LAB_SUMMARY_COLUMN_LATENESS,
  LAB_SUMMARY_COLUMN_CPU,
  LAB_SUMMARY_COLUMN_IDEAL,
  LAB_SUMMARY_COLUMN_PEAK_MEMORY,
  LAB_SUMMARY_COLUMN_TASK_MEMORY,
  LAB_SUMMARY_COLUMN_WORKER_MEMORY,
  LAB_SUMMARY_N_COLUMNS
} LabSummaryColumn;

#define LAB_TYPE_SUMMARY_LIST (lab_summary_list_get_type ())

G_DECLARE_FINAL_TYPE (LabSummaryList, lab_summary_list, LAB, SUMMARY_LIST, GtkWidget)

GtkWidget  *lab_summary_list_new            (void);
void        lab_summary_list_set_comparison (LabSummaryList   *self,
                                             LabComparison    *comparison);
void        lab_summary_list_refresh        (LabSummaryList   *self);
void        lab_summary_list_set_baseline   (LabSummaryList   *self,
                                             LabComparison    *baseline);
guint       lab_summary_list_get_n_rows     (LabSummaryList   *self);
const char *lab_summary_list_get_verdict    (LabSummaryList   *self,
                                             guint             row);
/* NULL for a column not shown; "—" where the row has no such figure. */
const char *lab_summary_list_get_cell       (LabSummaryList   *self,
                                             guint             row,
                                             LabSummaryColumn  column);
const char *lab_summary_list_get_tooltip    (LabSummaryList   *self,
                                             guint             row,
                                             LabSummaryColumn  column);
/* The figure a column shows; LAB_N_FIGURES for model, CPU and ideal. */
LabFigureId lab_summary_column_get_figure   (LabSummaryColumn  column);

G_END_DECLS
