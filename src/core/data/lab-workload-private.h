/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lab-workload.h"

G_BEGIN_DECLS

/* Shared by the parser (lab-workload.c), the writers (lab-workload-text.c)
 * and the changes that keep a workload's shape (lab-workload-shape.c). */

/* How a group was written, kept so that to_string() writes it back the
 * same way (a random spread stays a random spread with its seed). */
typedef enum
{
  GROUP_UNIFORM,   /* "cpu 8x500ms", "cpu 2s" */
  GROUP_LIST,      /* "io 3,1,2s"; "io 6x3,1,2s" cycles the list over 6 tasks */
  GROUP_RANDOM,    /* "io 10x random:0.5s..2s:seed=7" */
} GroupShape;

typedef struct
{
  LabTaskKind kind;
  GroupShape  shape;
  guint       first;   /* index of the group's first task */
  guint       count;
  guint       period;  /* list: the tasks of the list as written (count cycles them) */
  gint64      lo_ns;   /* random: the range; uniform: the duration */
  gint64      hi_ns;
  guint32     seed;
} Group;

struct _LabWorkload
{
  gatomicrefcount ref_count;
  GArray         *groups;   /* of Group */
  GArray         *tasks;    /* of LabTaskSpec */
  guint           mix[3];
};

/* The mix of a mixed task unless "mix=" says otherwise: compute, wait, compute. */
extern const guint _lab_workload_default_mix[3];

G_END_DECLS
