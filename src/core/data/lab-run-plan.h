/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "lab-clock.h"
#include "lab-workload.h"

G_BEGIN_DECLS

/*
 * LabRunPlan: the whole description of a run, as one immutable value: the
 * workload, the entries (a model id and its workers each, in order), the
 * run's workers, the GIL's switch interval, the cores the run is confined
 * to and whether the models run all at once. The sidebar, the command
 * line's options and a lesson build one; the runner runs it; the
 * comparison records it and its file keeps it; What If and --baseline
 * compare two of them with lab_run_plan_is_like().
 *
 * A comparison of observed traces (a traced program, another tool's file)
 * has a plan too, made by lab_run_plan_builder_new_observed(): no
 * workload (nothing was planned), and its entries name what was traced,
 * one per observed trace. lab_run_plan_is_like() refuses such a plan.
 */

#define LAB_TYPE_RUN_PLAN (lab_run_plan_get_type ())

/* An entry's workers when it has none of its own: the plan's. */
#define LAB_RUN_WORKERS_DEFAULT G_MAXUINT

/* CPython's default switch interval (sys.getswitchinterval ()). */
#define LAB_RUN_PLAN_DEFAULT_SWITCH_INTERVAL_NS (5 * LAB_NS_PER_MS)

typedef struct _LabRunPlan        LabRunPlan;
typedef struct _LabRunPlanBuilder LabRunPlanBuilder;

GType              lab_run_plan_get_type             (void) G_GNUC_CONST;

LabRunPlanBuilder *lab_run_plan_builder_new          (LabWorkload       *workload,
                                                      guint              n_workers);
LabRunPlanBuilder *lab_run_plan_builder_new_observed (guint           n_workers);
void               lab_run_plan_builder_free         (LabRunPlanBuilder *builder);
void               lab_run_plan_builder_add_entry    (LabRunPlanBuilder *builder,
                                                      const char        *model_id,
                                                      guint              n_workers);
void               lab_run_plan_builder_set_n_workers (LabRunPlanBuilder *builder,
                                                       guint              n_workers);
void               lab_run_plan_builder_set_switch_interval_ns (LabRunPlanBuilder *builder,
                                                                gint64             ns);
void               lab_run_plan_builder_set_core_limit (LabRunPlanBuilder *builder,
                                                        guint              core_limit);
void               lab_run_plan_builder_set_all_at_once (LabRunPlanBuilder *builder,
                                                         gboolean           all_at_once);
LabRunPlan        *lab_run_plan_builder_end          (LabRunPlanBuilder *builder);

LabRunPlan        *lab_run_plan_ref                  (LabRunPlan        *self);
void               lab_run_plan_unref                (LabRunPlan        *self);

/* NULL when observed */
LabWorkload       *lab_run_plan_get_workload         (const LabRunPlan  *self);
gboolean           lab_run_plan_is_observed          (const LabRunPlan  *self);
guint              lab_run_plan_get_n_entries        (const LabRunPlan  *self);
const char        *lab_run_plan_get_model_id         (const LabRunPlan  *self,
                                                      guint              index);
guint              lab_run_plan_get_entry_workers    (const LabRunPlan  *self,
                                                      guint              index);
gboolean           lab_run_plan_has_model            (const LabRunPlan  *self,
                                                      const char        *model_id);
guint              lab_run_plan_get_n_workers        (const LabRunPlan  *self);
gint64             lab_run_plan_get_switch_interval_ns (const LabRunPlan *self);
guint              lab_run_plan_get_core_limit       (const LabRunPlan  *self);
gboolean           lab_run_plan_get_all_at_once      (const LabRunPlan  *self);

/* What If's changes: a copy with one setting changed. */
LabRunPlan        *lab_run_plan_with_core_limit      (const LabRunPlan  *self,
                                                      guint              core_limit);
LabRunPlan        *lab_run_plan_with_switch_interval_ns (const LabRunPlan *self,
                                                         gint64            ns);

gboolean           lab_run_plan_equal                (const LabRunPlan  *a,
                                                      const LabRunPlan  *b);
gboolean           lab_run_plan_is_like              (const LabRunPlan  *before,
                                                      const LabRunPlan  *after,
                                                      GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabRunPlan, lab_run_plan_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabRunPlanBuilder, lab_run_plan_builder_free)

G_END_DECLS
