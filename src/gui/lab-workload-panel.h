/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lab-model.h"
#include "lab-run-entry.h"
#include "lab-workload.h"

G_BEGIN_DECLS

#define LAB_TYPE_WORKLOAD_PANEL (lab_workload_panel_get_type ())

G_DECLARE_FINAL_TYPE (LabWorkloadPanel, lab_workload_panel, LAB, WORKLOAD_PANEL, GtkWidget)

GtkWidget       *lab_workload_panel_new                (void);

const char      *lab_workload_panel_get_workload       (LabWorkloadPanel *self);
gboolean         lab_workload_panel_set_workload       (LabWorkloadPanel *self,
                                                        const char       *text,
                                                        GError          **error);
LabWorkload     *lab_workload_panel_dup_parsed         (LabWorkloadPanel *self);
LabRunPlan      *lab_workload_panel_dup_plan           (LabWorkloadPanel *self,
                                                        GError          **error);
gboolean         lab_workload_panel_commit             (LabWorkloadPanel *self);
const char      *lab_workload_panel_get_error          (LabWorkloadPanel *self);
/* The sliders: the workload is its pattern scaled and repeated */
char            *lab_workload_panel_dup_pattern        (LabWorkloadPanel *self);
void             lab_workload_panel_set_pattern        (LabWorkloadPanel *self,
                                                        const char       *text);
double           lab_workload_panel_get_scale          (LabWorkloadPanel *self,
                                                        guint            *out_n_tasks);
const char      *lab_workload_panel_get_models         (LabWorkloadPanel *self);
void             lab_workload_panel_set_models         (LabWorkloadPanel *self,
                                                        const char       *models);
int              lab_workload_panel_get_workers        (LabWorkloadPanel *self);
void             lab_workload_panel_set_workers        (LabWorkloadPanel *self,
                                                        int               workers);
double           lab_workload_panel_get_switch_interval (LabWorkloadPanel *self);
void             lab_workload_panel_set_switch_interval (LabWorkloadPanel *self,
                                                         double            ms);
gboolean         lab_workload_panel_get_all_at_once    (LabWorkloadPanel *self);
void             lab_workload_panel_set_all_at_once    (LabWorkloadPanel *self,
                                                        gboolean          all_at_once);
gboolean         lab_workload_panel_is_dragging        (LabWorkloadPanel *self);
/* Predict-then-run: the guess fields beside the models */
gint64           lab_workload_panel_get_prediction     (LabWorkloadPanel *self,
                                                        const char       *model_id);
void             lab_workload_panel_set_prediction     (LabWorkloadPanel *self,
                                                        const char       *model_id,
                                                        gint64            predicted_ns);
GtkWidget       *lab_workload_panel_get_prediction_entry (LabWorkloadPanel *self,
                                                          const char       *model_id);

G_END_DECLS
