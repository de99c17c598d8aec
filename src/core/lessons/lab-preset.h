/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "lab-comparison.h"
#include "lab-run-plan.h"

G_BEGIN_DECLS

/*
 * The lessons as runs (lab-preset.c holds the list): a workload, the
 * models that show the point, and a short explanation shown beside the
 * chart. Workloads that
 * depend on the machine ("two CPU tasks per core") are written for the
 * number of cores at hand.
 */

typedef struct
{
  const char *id;            /* "one-cook" */
  const char *title;         /* N_() "One Cook, Three Pots" */
  const char *explanation;   /* N_() two or three sentences */
  const char *models;        /* run entries: "sequential,event-loop", "threads:tasks,threads:cores" */
  guint       workers;       /* 0: one thread per task (threads models), else a pool size; G_MAXUINT: the number of cores */
  const char *layers;        /* the chart's layers that carry the point, "cores,flight" (lab-chart-layers.h) */
} LabPreset;

#define LAB_PRESET_WORKERS_CORES G_MAXUINT

guint            lab_preset_get_n            (void);
const LabPreset *lab_preset_get              (guint            index);
const LabPreset *lab_preset_find             (const char      *id);
/* The workload text for @n_cores (and @scale, a factor on every duration,
 * 1.0 for the lesson as written; tests use small factors). */
char            *lab_preset_get_workload     (const LabPreset *preset,
                                              guint            n_cores,
                                              double           scale);
guint            lab_preset_get_workers      (const LabPreset *preset,
                                              guint            n_cores);
/* The run the lesson makes, for @n_cores and @scale as above. */
LabRunPlan      *lab_preset_dup_plan         (const LabPreset *preset,
                                              guint            n_cores,
                                              double           scale);
const char      *lab_preset_get_title        (const LabPreset *preset);   /* translated */
const char      *lab_preset_get_explanation  (const LabPreset *preset);   /* translated */
const char      *lab_preset_get_layers       (const LabPreset *preset);
const char      *lab_preset_get_claim        (const LabPreset *preset);   /* translated, one sentence */
char            *lab_preset_dup_shared_cores_note (LabComparison *comparison);

G_END_DECLS
