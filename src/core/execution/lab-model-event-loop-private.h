/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lab-model-private.h"

G_BEGIN_DECLS

/*
 * Shared by the two event-loop models: lab-model-event-loop.c runs the loop
 * (its timer heap, its source, the tasks' steps); lab-model-loop-offload.c
 * adds the pool of threads that computes for loop-offload.
 */

typedef enum
{
  LAB_LOOP_WAKE_START,  /* the task has not run yet */
  LAB_LOOP_WAKE_TIMER,  /* its wait is over */
  LAB_LOOP_WAKE_POOL,   /* its CPU phase came back from the pool */
} LabLoopWakeCause;

/* 24 bytes, the whole of a wait's state: a million waits hold 24 MB. */
typedef struct
{
  gint64  deadline_ns;
  gint64  begin_ns;     /* of the part of the wait not yet recorded */
  guint32 task;
  guint32 seq;          /* equal deadlines expire in the order they were set;
                           at most LAB_MAX_TASKS × LAB_MAX_PHASES are set */
} LabLoopTimer;

/* lab-loop-timers.c: the open waits, earliest first. */
typedef struct
{
  GArray  *queue;       /* of LabLoopTimer, set in deadline order, from queue_head */
  guint    queue_head;
  GArray  *heap;        /* of LabLoopTimer: the others, a binary min-heap */
  guint32  seq;
} LabLoopTimers;

void                _lab_loop_timers_init  (LabLoopTimers       *timers,
                                            guint                capacity);
void                _lab_loop_timers_clear (LabLoopTimers       *timers);
guint               _lab_loop_timers_count (const LabLoopTimers *timers);
LabLoopTimer       *_lab_loop_timers_at    (LabLoopTimers       *timers,
                                            guint                index);
void                _lab_loop_timers_push  (LabLoopTimers       *timers,
                                            gint64               begin_ns,
                                            gint64               deadline_ns,
                                            guint32              task);
const LabLoopTimer *_lab_loop_timers_peek  (const LabLoopTimers *timers);
LabLoopTimer        _lab_loop_timers_pop   (LabLoopTimers       *timers);

typedef struct
{
  gint64  since_ns;     /* when the task became runnable */
  gint64  wait_begin_ns; /* timer: where the unrecorded part of its wait began */
  guint32 task;
  guint8  cause;        /* LabLoopWakeCause */
  guint8  ok;           /* from the pool: the phase was not cancelled */
} LabLoopWake;

typedef struct
{
  guint32 task;
  guint64 iterations;
  gint64  submitted_ns;
} LabLoopJob;

typedef struct _LabLoop LabLoop;

typedef struct
{
  LabLoop *loop;
  guint    index;
} LabLoopPoolThread;

struct _LabLoop
{
  const LabModelContext *ctx;
  double                 rate;
  gboolean               offload;
  GMainContext          *context;
  GMainLoop             *main_loop;
  LabRecorder            recorder;      /* the loop thread's: worker 0 */
  guint                  n_tasks;
  guint                  n_finished;
  guint8                *next_phase;    /* per task */
  gint64                 begin_ns;      /* when every task became runnable */
  guint                  next_start;    /* the tasks from here on have not started */
  LabLoopTimers          timers;
  int                    timer_fd;      /* -1: fall back to poll() timeouts */
  gint64                 armed_ns;      /* the timerfd's deadline; 0: disarmed */
  GArray                *ready;         /* of LabLoopWake: FIFO from ready_head */
  guint                  ready_head;

  /* loop-offload */
  GAsyncQueue           *jobs;          /* of LabLoopJob*, and a stop mark */
  GThread              **pool;
  LabLoopPoolThread     *pool_threads;
  guint                  n_pool;
  GMutex                 done_mutex;
  GArray                *done;          /* of LabLoopWake, under done_mutex */
  gint                   n_done;        /* atomic: done->len, read without the mutex */
};

/* lab-model-event-loop.c */
gboolean _lab_loop_run             (const LabModelContext *ctx,
                                    gboolean               offload,
                                    GError               **error);

/* lab-model-loop-offload.c: the pool, driven from the loop thread */
guint    _lab_loop_pool_count      (const LabModelContext *ctx);
gboolean _lab_loop_pool_start      (LabLoop               *loop,
                                    GError               **error);
void     _lab_loop_pool_submit     (LabLoop               *loop,
                                    guint32                task,
                                    guint64                iterations);
/* Moves the phases the pool finished onto the loop's ready queue. */
void     _lab_loop_pool_take_done  (LabLoop               *loop);
/* Joins the threads; jobs not started are dropped (their tasks stay pending). */
void     _lab_loop_pool_stop       (LabLoop               *loop);

G_END_DECLS
