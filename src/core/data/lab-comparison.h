/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "lab-run-plan.h"
#include "lab-trace.h"
#include "lab-workload.h"

G_BEGIN_DECLS

/*
 * LabComparison: one workload run under several models, the unit that is
 * drawn (one panel per trace, in order), saved and loaded. Traces may still
 * be recording while the comparison is drawn.
 */

#define LAB_TYPE_COMPARISON (lab_comparison_get_type ())

typedef struct _LabComparison LabComparison;

GType          lab_comparison_get_type          (void) G_GNUC_CONST;
LabComparison *lab_comparison_new_for_plan      (LabRunPlan    *plan,
                                                 guint          n_cores);
/* Traces put together by hand: a plan of @workload with no entry. */
LabComparison *lab_comparison_new               (LabWorkload   *workload,
                                                 guint          n_cores);
/* Observed traces (a traced program, another tool's file): a plan with
 * no workload, whose one entry is @model_id, what was traced. */
LabComparison *lab_comparison_new_observed      (const char    *model_id,
                                                 guint          n_cores);
LabComparison *lab_comparison_ref               (LabComparison *self);
void           lab_comparison_unref             (LabComparison *self);

/* What the run was to run; the getters below read it. */
LabRunPlan    *lab_comparison_get_plan          (LabComparison *self);   /* (transfer none) */
LabWorkload   *lab_comparison_get_workload      (LabComparison *self);  /* NULL when observed */
guint          lab_comparison_get_n_cores       (LabComparison *self);
guint          lab_comparison_get_n_workers     (LabComparison *self);
gint64         lab_comparison_get_switch_interval_ns (LabComparison *self);
/* What-if: every model confined to this many cores (0: all of them). */
guint          lab_comparison_get_core_limit    (LabComparison *self);
gboolean       lab_comparison_get_all_at_once   (LabComparison *self);
double         lab_comparison_get_iterations_per_ms (LabComparison *self);
void           lab_comparison_set_iterations_per_ms (LabComparison *self,
                                                     double         iterations_per_ms);
/* Wall-clock time (unix seconds) the run was made, for the stamp. */
gint64         lab_comparison_get_created       (LabComparison *self);
void           lab_comparison_set_created       (LabComparison *self,
                                                 gint64         unix_time);
const char    *lab_comparison_get_version       (LabComparison *self);  /* app version that made it */
void           lab_comparison_set_version       (LabComparison *self,
                                                 const char    *version);

/* The lesson (preset id) it was run as; NULL for a workload made by hand. */
char          *lab_comparison_dup_lesson        (LabComparison *self);
void           lab_comparison_set_lesson        (LabComparison *self,
                                                 const char    *lesson);
/* Of a traced program or another tool's file: what was traced (its
 * command, or the file's name); NULL for a run of a workload. */
char          *lab_comparison_dup_observed_title (LabComparison *self);

/* What-if: the run before, kept with the what-if run (one level only). */
LabComparison *lab_comparison_get_baseline      (LabComparison *self);   /* (transfer none) (nullable) */
void           lab_comparison_set_baseline      (LabComparison *self,
                                                 LabComparison *baseline);

/* Predict-then-run: the learner's guess of a model's total time. */
void           lab_comparison_set_prediction    (LabComparison *self,
                                                 const char    *model_id,
                                                 gint64         predicted_ns);
gint64         lab_comparison_get_prediction    (LabComparison *self,
                                                 const char    *model_id);
GStrv          lab_comparison_dup_prediction_ids (LabComparison *self);

/* Thread-safe: the runner adds traces while the UI reads. */
void           lab_comparison_add_trace         (LabComparison *self,
                                                 LabTrace      *trace);
guint          lab_comparison_get_n_traces      (LabComparison *self);
LabTrace      *lab_comparison_dup_trace         (LabComparison *self,
                                                 guint          index);   /* (transfer full) */
LabTrace      *lab_comparison_dup_trace_of_model (LabComparison *self,
                                                 const char    *model_id);  /* (transfer full) (nullable) */
/* The same model with the same workers, else the same model. */
LabTrace      *lab_comparison_dup_trace_like    (LabComparison *self,
                                                 LabTrace      *trace);     /* (transfer full) (nullable) */
/* How many traces the run will add (0: unknown); is_finished() waits for them. */
guint          lab_comparison_get_n_expected    (LabComparison *self);
void           lab_comparison_set_n_expected    (LabComparison *self,
                                                 guint          n_traces);
gboolean       lab_comparison_is_finished       (LabComparison *self);

/* The plan's entries: every model it was to run, in order, with its
 * workers. Trace i is the run of entry i; a stopped run leaves the rest
 * not run. */
guint          lab_comparison_get_n_planned     (LabComparison *self);
const char    *lab_comparison_get_planned       (LabComparison *self,
                                                 guint          index,
                                                 guint         *out_n_workers);
guint          lab_comparison_get_n_not_run     (LabComparison *self);
/* Every planned model ran and every trace is complete. */
gboolean       lab_comparison_is_complete       (LabComparison *self);
gboolean       lab_comparison_was_stopped       (LabComparison *self);
/* Earliest begin over all traces: time zero of the shared axis. */
gint64         lab_comparison_get_begin_ns      (LabComparison *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabComparison, lab_comparison_unref)

G_END_DECLS
