/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "lab-types.h"

G_BEGIN_DECLS

/*
 * LabThreadLedger: one thread's lane, from its kernel counters read now
 * and then.
 *
 * `/proc/PID/task/TID/schedstat` holds three running totals: the CPU time
 * the thread ran, the time it waited on a run queue, and how many times it
 * was put on a core. The ledger takes each reading, with what the thread
 * was doing at that moment (runnable, or asleep and why), and lays the
 * time since the previous reading out as segments: `running` for the CPU
 * time that was added, `ready` for the run-queue wait that was added, and
 * the rest, while the thread slept, in the state its wait says.
 *
 * The kernel brings a total up to date when a thread leaves a core or at
 * a scheduler tick (the CPU time of a thread on a core), and when it
 * arrives on a core (the wait of a thread in a queue). So the last stretch
 * of a runnable thread is often not counted yet: the ledger keeps it
 * unplaced until a later reading counts it, and places what each reading
 * counts in the interval where it was counted. The time in each state is
 * the kernel's own; where within one sampling interval (or one scheduler
 * tick) a change happened is not measured.
 */

/* What a thread was doing when it was read: LAB_STATE_RUNNING for
 * runnable (on a core or in a queue: the counters tell later), a waiting
 * state for asleep, LAB_N_STATES for asleep with an unknown reason (its
 * wait could not be read), which is left blank. */
typedef struct
{
  gint64   t_ns;       /* CLOCK_MONOTONIC, when it was read */
  guint64  cpu_ns;     /* schedstat: time on a core */
  guint64  delay_ns;   /* schedstat: time waiting on a run queue */
  LabState now;
  gint     core;       /* the core it ran on since the last reading; -1 unknown */
} LabThreadReading;

/* A finished segment; consecutive pieces of one state and core are
 * merged before they are handed over. */
typedef void (*LabLedgerEmitFunc) (LabState state,
                                   gint     core,
                                   gint64   begin_ns,
                                   gint64   end_ns,
                                   gpointer user_data);

typedef struct
{
  LabLedgerEmitFunc emit;
  gpointer          user_data;

  LabThreadReading  last;           /* the previous reading */
  gint64            settled_ns;     /* laid out up to here */
  LabState          mode;           /* at settled_ns: running/ready, a wait, or LAB_N_STATES */
  gint64            credit_cpu;     /* counted, not laid out yet */
  gint64            credit_ready;
  gint64            debt_ready;     /* laid out as ready before it was counted */
  gint64            cpu_seen_ns;    /* the last reading at which CPU time grew */
  gint64            unplaced_ns;    /* counted time that no longer fitted */

  /* The segment being grown. */
  gboolean          open;
  LabState          open_state;
  gint              open_core;
  gint64            open_begin;
  gint64            open_end;

  /* Totals laid out, for checks and summaries. */
  gint64            laid_ns[LAB_N_STATES];
} LabThreadLedger;

/* A runnable thread whose CPU time does not grow for this long is waiting
 * on a run queue: a thread on a core has its time counted at every
 * scheduler tick (4 ms at 250 Hz, 10 ms at 100 Hz). */
#define LAB_LEDGER_STALL_NS (12 * G_GINT64_CONSTANT (1000000))

void     lab_thread_ledger_init     (LabThreadLedger        *ledger,
                                     const LabThreadReading *first,
                                     LabLedgerEmitFunc       emit,
                                     gpointer                user_data);
void     lab_thread_ledger_advance  (LabThreadLedger        *ledger,
                                     const LabThreadReading *reading);
/* Hands over the growing segment up to where it is laid out when it is
 * older than @max_age_ns, so that a live chart sees a long state grow. */
void     lab_thread_ledger_publish  (LabThreadLedger        *ledger,
                                     gint64                  max_age_ns);
/* The thread is gone (or the trace ends): lays out what was counted and
 * hands over the rest. Nothing is made up past the last reading. */
void     lab_thread_ledger_finish   (LabThreadLedger        *ledger);
gboolean lab_thread_ledger_is_runnable (const LabThreadLedger *ledger);

G_END_DECLS
