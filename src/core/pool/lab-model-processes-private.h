/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lab-child-private.h"
#include "lab-clock.h"
#include "lab-model-types.h"
#include "lab-worker-protocol.h"

G_BEGIN_DECLS

/*
 * Shared by the two files of the processes model: lab-model-processes.c
 * (the conversation with each worker, the pool's life) and
 * lab-model-processes-start.c (how many workers, and starting them).
 */

/* One program start per this many workers; the rest are copies. */
#define LAB_POOL_WORKERS_PER_START   (1 + 3)
G_STATIC_ASSERT (LAB_POOL_WORKERS_PER_START - 1 <= LAB_CHILD_MAX_COPIES);
typedef struct _Pool Pool;

typedef struct
{
  Pool          *pool;
  guint          index;
  GThread       *thread;
  LabChild       child;       /* started and reaped under pool->mutex */
  gboolean       group_started; /* under pool->mutex: the group's worker was started, or not */
  gint64         spawn_ns;
  gint64         ready_ns;
  gint64         heard_ns;    /* atomic: the last sign of life */
  gboolean       timed_out;   /* under pool->mutex: stopped by the watchdog */
  gboolean       finished;    /* under pool->mutex */
  char          *start_error; /* the worker never became ready: why */
  gsize          start, end;  /* of the unread bytes in buffer */
  char           buffer[2 * LAB_WORKER_MESSAGE_MAX];
} Slot;

struct _Pool
{
  const LabModelContext *ctx;
  double                 rate;
  gint64                 begin_ns;
  guint                  n_tasks;
  guint                  next_task;  /* atomic */
  GMutex                 mutex;
  GCond                  cond;
  guint                  n_running;  /* worker threads not finished */
  guint                  n_threads;  /* worker threads started */
  gboolean               stopping;   /* cancelled: start no child */
  gboolean               per_task;   /* a fresh worker for every task, no copies */
  guint                  n_slots;
  Slot                  *slots;
};

static inline void
slot_heard (Slot *slot)
{
  __atomic_store_n (&slot->heard_ns, lab_clock_now_ns (), __ATOMIC_RELEASE);
}

/* The number of worker processes for @n_tasks tasks, or 0 and @error. */
guint    _lab_processes_count          (const LabModelContext *ctx,
                                        guint                  n_tasks,
                                        GError               **error);
gboolean _lab_processes_check_program  (const char            *path,
                                        GError               **error);
/* The first slot of @index's group, whose thread starts the group. */
guint    _lab_processes_group_leader   (guint                  index);
/* Whether @slot starts its own worker: a group's first slot, or every
 * slot of a pool that starts a worker per task. */
gboolean _lab_processes_is_leader      (Slot                  *slot);
/* On a group's first slot: starts its worker, which starts the group's
 * copies, and hands every slot of the group its pipes (or the reason it
 * has none). FALSE when this slot has no worker: @error says why, or the
 * run was cancelled first. */
gboolean _lab_processes_start_group    (Slot                  *slot,
                                        GError               **error);
/* On any other slot: waits for the group's worker to be started, and says
 * whether this slot got the pipes of a copy. */
gboolean _lab_processes_wait_group     (Slot                  *slot);
/* The pid a worker says in its "ready": the started worker's own, or a
 * copy's, which is then this slot's to wait for and to stop. */
gboolean _lab_processes_take_pid       (Slot                  *slot,
                                        gint32                 pid);

G_END_DECLS
