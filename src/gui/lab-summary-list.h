/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "lab-comparison.h"
#include "lab-stats.h"

G_BEGIN_DECLS

/* The columns of the summary, in order. */
typedef enum
{
  LAB_SUMMARY_COLUMN_MODEL,
  LAB_SUMMARY_COLUMN_ELAPSED,
  LAB_SUMMARY_COLUMN_CPU,
  LAB_SUMMARY_COLUMN_SPEEDUP,
  LAB_SUMMARY_COLUMN_EFFICIENCY,
  LAB_SUMMARY_COLUMN_IDEAL,
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
const char *lab_summary_list_get_cell       (LabSummaryList   *self,
                                             guint             row,
                                             LabSummaryColumn  column);
/* The text a cell shows for @stats: shared with the tests. */
char       *lab_summary_format_cell         (LabSummaryColumn     column,
                                             const char          *model_name,
                                             const LabTraceStats *stats);

G_END_DECLS
