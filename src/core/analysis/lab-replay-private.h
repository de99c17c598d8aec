/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lab-replay.h"

G_BEGIN_DECLS

/* What lab-replay.c indexes and lab-replay-caption.c narrates. */

/* Captions tell a pool thread computing for the loop apart from the loop
 * itself, and a task that is done from one not started yet: the keys are
 * the LabStates and these two. */
enum
{
  LAB_REPLAY_KEY_POOL = LAB_N_STATES,   /* loop-offload: running on a pool thread */
  LAB_REPLAY_KEY_DONE,                  /* after the task's last segment */
  LAB_REPLAY_N_KEYS
};
#define LAB_REPLAY_KEY_NONE LAB_REPLAY_STATE_NONE
#define LAB_REPLAY_NO_TASK G_MAXUINT32

/* A change of one task's key, at a time relative to the panel's zero. */
typedef struct
{
  gint64  t_ns;
  guint32 task;
  guint8  key;
  guint8  previous;
} LabReplayChange;

typedef enum
{
  LAB_REPLAY_MODEL_OTHER,
  LAB_REPLAY_MODEL_SEQUENTIAL,
  LAB_REPLAY_MODEL_LOOP,
  LAB_REPLAY_MODEL_OFFLOAD,
  LAB_REPLAY_MODEL_THREADS,
  LAB_REPLAY_MODEL_GIL,
  LAB_REPLAY_MODEL_PROCESSES,
} LabReplayModel;

typedef struct
{
  char           *model_id;
  LabReplayModel  kind;
  gboolean        failed;        /* the model could not run */
  gint64          duration_ns;
  guint           n_tasks;
  GArray         *events;        /* of LabReplayChange, by time */

  /* the cursor: events[0, pos) are applied */
  gsize           pos;
  guint8         *key;           /* per task */
  guint32        *next;          /* per task: the list of the tasks of its key */
  guint32        *prev;
  guint32         head[LAB_REPLAY_N_KEYS];
  guint           count[LAB_REPLAY_N_KEYS];
} LabReplayPanel;

/* The caption of @panel, whose cursor stands at @t_ns. */
char *_lab_replay_panel_caption (const LabReplayPanel *panel,
                                 gint64                t_ns);

G_END_DECLS
