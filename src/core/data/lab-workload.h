/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "lab-types.h"

G_BEGIN_DECLS

/*
 * The text form of a workload, read by lab_workload_parse() and written
 * back by lab_workload_to_string() (parse (to_string (w)) == w):
 *
 *   workload := group { "+" group } [ "mix=" C "/" W "/" C ]
 *   group    := KIND COUNT "x" DURATION         "cpu 8x500ms", "io 4 x 1s"
 *             | KIND DURATIONLIST                "io 3,1,2s" (the list sets the count)
 *             | KIND COUNT "x" DURATIONLIST      "io 6x3,1,2s" (the list cycled to the count)
 *             | KIND COUNT "x" RANDOM            "io 10x random:0.5s..2s:seed=7"
 *             | KIND DURATION                    "cpu 2s" (one task)
 *   KIND     := "io" | "cpu" | "mixed"
 *   RANDOM   := "random:" DURATION ".." DURATION [ ":seed=" N ]
 *   mix      := percentages of a mixed task: compute, wait, compute (default 20/60/20)
 *
 * Examples: "io 3,1,2s", "cpu 8x500ms", "io 20x100ms + cpu 1x1s",
 * "mixed 6x1s mix=30/40/30". Total tasks: 1 to LAB_MAX_TASKS, of which at
 * most LAB_MAX_COMPUTING_TASKS compute (cpu or mixed).
 */

#define LAB_TYPE_WORKLOAD (lab_workload_get_type ())

typedef struct _LabWorkload LabWorkload;

typedef struct
{
  LabTaskKind kind;
  gint64      duration_ns;   /* the task's whole work, all phases */
} LabTaskSpec;

GType              lab_workload_get_type     (void) G_GNUC_CONST;
LabWorkload       *lab_workload_parse        (const char        *text,
                                              GError           **error);
LabWorkload       *lab_workload_new_uniform  (LabTaskKind        kind,
                                              guint              n_tasks,
                                              gint64             duration_ns);
LabWorkload       *lab_workload_ref          (LabWorkload       *workload);
void               lab_workload_unref        (LabWorkload       *workload);
char              *lab_workload_to_string    (const LabWorkload *workload);
char              *lab_workload_describe     (const LabWorkload *workload);  /* "8 × cpu 500 ms" for people */
gboolean           lab_workload_equal        (const LabWorkload *a,
                                              const LabWorkload *b);
guint              lab_workload_get_n_tasks  (const LabWorkload *workload);
const LabTaskSpec *lab_workload_get_task     (const LabWorkload *workload,
                                              guint              index);
/* The phases of task @index (mixed tasks split by the mix pattern); returns their number. */
guint              lab_workload_get_phases   (const LabWorkload *workload,
                                              guint              index,
                                              LabPhase           phases[LAB_MAX_PHASES]);
void               lab_workload_get_mix      (const LabWorkload *workload,
                                              guint             *cpu_before_pct,
                                              guint             *wait_pct,
                                              guint             *cpu_after_pct);
gint64             lab_workload_get_total_cpu_ns (const LabWorkload *workload);
gint64             lab_workload_get_longest_ns   (const LabWorkload *workload);
gboolean           lab_workload_has_kind     (const LabWorkload *workload,
                                              LabTaskKind        kind);
guint              lab_workload_get_max_tasks (const LabWorkload *workload);

/* lab-workload-shape.c: the same shape, changed (the window's sliders) */
void               lab_workload_get_range    (const LabWorkload *workload,
                                              gint64            *out_lo_ns,
                                              gint64            *out_hi_ns);
gboolean           lab_workload_get_kind     (const LabWorkload *workload,
                                              LabTaskKind       *out_kind);
LabWorkload       *lab_workload_scale        (const LabWorkload *workload,
                                              double             factor);
LabWorkload       *lab_workload_resize       (const LabWorkload *workload,
                                              guint              n_tasks);
LabWorkload       *lab_workload_with_kind    (const LabWorkload *workload,
                                              LabTaskKind        kind);
LabWorkload       *lab_workload_with_mix     (const LabWorkload *workload,
                                              guint              cpu_before_pct,
                                              guint              wait_pct,
                                              guint              cpu_after_pct);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabWorkload, lab_workload_unref)

/* The cores a model can keep busy, and the plan's ideal before anything
 * is measured (a guess's hint). */
guint         lab_workload_usable_cores (const LabWorkload *workload,
                                         guint              n_cores,
                                         guint              n_workers);
gint64        lab_workload_ideal_ns     (const LabWorkload *workload,
                                         guint              n_cores,
                                         guint              n_workers);

G_END_DECLS
