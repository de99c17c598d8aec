/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "lab-types.h"

G_BEGIN_DECLS

/*
 * The wire protocol between the `processes` model and concurrency-lab-worker
 * (docs/WORKER-PROTOCOL.md): one message per line of printable ASCII, at
 * most LAB_WORKER_MESSAGE_MAX bytes with its newline, every field checked on
 * the way in. Encoding and decoding are pure functions, so that they can be
 * tested and fuzzed on their own; what a message may say *at this point of
 * the conversation* (the right task, times inside the task) is checked by
 * the model.
 */

#define LAB_WORKER_PROTOCOL_VERSION 2
#define LAB_WORKER_MESSAGE_MAX      256

/* The largest core number accepted (LabSegment keeps it in 16 bits). */
#define LAB_WORKER_MAX_CORE         4095

typedef enum
{
  LAB_WORKER_MESSAGE_READY,    /* worker: "ready <version> <pid>" (version 1: no pid) */
  LAB_WORKER_MESSAGE_TASK,     /* parent: "task <task> <sent_ns> <cpu|io>:<ns> ..." */
  LAB_WORKER_MESSAGE_START,    /* worker: "start <task> <t_ns>" */
  LAB_WORKER_MESSAGE_SEGMENT,  /* worker: "seg <task> <state> <core> <begin_ns> <end_ns>" */
  LAB_WORKER_MESSAGE_DONE,     /* worker: "done <task> <cpu_ns> <t_ns>" */
} LabWorkerMessageKind;

typedef struct
{
  LabWorkerMessageKind kind;
  guint32              version;     /* ready */
  gint32               pid;         /* ready: the worker's process id; 0 if not said */
  guint32              task;        /* all but ready */
  gint64               t_ns;        /* task: when sent; start: when received; done: when sent */
  LabState             state;       /* seg */
  gint                 core;        /* seg: -1 where unknown */
  gint64               begin_ns;    /* seg */
  gint64               end_ns;      /* seg */
  gint64               cpu_ns;      /* done: the task's thread CPU time */
  guint                n_phases;    /* task */
  LabPhase             phases[LAB_MAX_PHASES];
} LabWorkerMessage;

gsize    lab_worker_message_encode (const LabWorkerMessage *message,
                                    char                   *buffer,
                                    gsize                   size);
gboolean lab_worker_message_decode (const char             *line,
                                    gsize                   length,
                                    LabWorkerMessage       *message,
                                    GError                **error);

G_END_DECLS
