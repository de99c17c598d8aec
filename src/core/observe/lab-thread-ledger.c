/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-observe"

#include "config.h"

#include <string.h>

#include "lab-thread-ledger.h"

/* A thread read runnable that has not been counted at all since it woke
 * is waited for this long before its sleep is laid out anyway, so that a
 * live chart keeps moving; its wake-up is then placed at the end. */
#define WAKE_WAIT_NS (G_GINT64_CONSTANT (1000000000))

static gboolean
is_runnable (LabState state)
{
  return state == LAB_STATE_RUNNING || state == LAB_STATE_READY;
}

static void
close_open (LabThreadLedger *ledger)
{
  if (!ledger->open)
    return;
  if (ledger->open_end > ledger->open_begin)
    ledger->emit (ledger->open_state, ledger->open_core, ledger->open_begin, ledger->open_end,
                  ledger->user_data);
  ledger->open = FALSE;
}

/* Lays @ns of @state out from where the lane is laid out to. A state of
 * LAB_N_STATES is a blank: time passes, nothing is drawn. */
static void
lay (LabThreadLedger *ledger,
     LabState         state,
     gint             core,
     gint64           ns)
{
  gint64 begin = ledger->settled_ns;

  if (ns <= 0)
    return;
  ledger->settled_ns += ns;
  if (state == LAB_N_STATES)
    {
      close_open (ledger);
      return;
    }
  if (state != LAB_STATE_RUNNING)
    core = -1;
  ledger->laid_ns[state] += ns;
  if (ledger->open && ledger->open_state == state && ledger->open_core == core
      && ledger->open_end == begin)
    {
      ledger->open_end = ledger->settled_ns;
      return;
    }
  close_open (ledger);
  ledger->open = TRUE;
  ledger->open_state = state;
  ledger->open_core = core;
  ledger->open_begin = begin;
  ledger->open_end = ledger->settled_ns;
}

/* Lays out the counted running and ready time, at most @budget of it:
 * after a sleep, the wait for a core first, then the run; otherwise the
 * state the lane is in goes first, so that it is not cut in two. */
static void
lay_credits (LabThreadLedger *ledger,
             gint             core,
             gint64           budget)
{
  gboolean ready_first = ledger->open && ledger->open_state != LAB_STATE_RUNNING;
  gint64 *first = ready_first ? &ledger->credit_ready : &ledger->credit_cpu;
  gint64 *second = ready_first ? &ledger->credit_cpu : &ledger->credit_ready;
  LabState first_state = ready_first ? LAB_STATE_READY : LAB_STATE_RUNNING;
  LabState second_state = ready_first ? LAB_STATE_RUNNING : LAB_STATE_READY;
  gint64 n;

  n = MIN (*first, MAX (budget, 0));
  lay (ledger, first_state, core, n);
  *first -= n;
  budget -= n;
  n = MIN (*second, MAX (budget, 0));
  lay (ledger, second_state, core, n);
  *second -= n;

  if (ledger->open && is_runnable (ledger->open_state))
    ledger->mode = ledger->open_state;
}

/* Counted time that has no room left (it was laid out as something else
 * before it was counted): kept as a figure, never drawn twice. */
static void
drop_credits (LabThreadLedger *ledger)
{
  ledger->unplaced_ns += ledger->credit_cpu + ledger->credit_ready;
  ledger->credit_cpu = 0;
  ledger->credit_ready = 0;
  ledger->debt_ready = 0;
}

/**
 * lab_thread_ledger_init:
 * @ledger: a ledger to set up
 * @first: the first reading of the thread: its lane starts there
 * @emit: called with each finished segment
 * @user_data: for @emit
 */
void
lab_thread_ledger_init (LabThreadLedger        *ledger,
                        const LabThreadReading *first,
                        LabLedgerEmitFunc       emit,
                        gpointer                user_data)
{
  g_return_if_fail (ledger != NULL);
  g_return_if_fail (first != NULL);
  g_return_if_fail (emit != NULL);

  memset (ledger, 0, sizeof *ledger);
  ledger->emit = emit;
  ledger->user_data = user_data;
  ledger->last = *first;
  ledger->settled_ns = first->t_ns;
  ledger->cpu_seen_ns = first->t_ns;
  ledger->mode = first->now;
}

/* Asleep now: a sleeping thread's totals are up to date, so everything
 * since the last placement is known. */
static void
advance_asleep (LabThreadLedger        *ledger,
                const LabThreadReading *r,
                gint                    core,
                gint64                  span)
{
  if (is_runnable (ledger->mode))
    {
      /* It ran, then fell asleep. */
      lay_credits (ledger, core, span);
      lay (ledger, r->now, core, r->t_ns - ledger->settled_ns);
    }
  else
    {
      /* It slept, woke, ran, and is asleep again (or never woke). */
      gint64 counted = ledger->credit_cpu + ledger->credit_ready;

      lay (ledger, ledger->mode, core, MAX (span - counted, 0));
      lay_credits (ledger, core, r->t_ns - ledger->settled_ns);
      lay (ledger, r->now, core, r->t_ns - ledger->settled_ns);
    }
  drop_credits (ledger);
  ledger->mode = r->now;
}

/* Runnable now, and before: lay out what was counted; a thread whose CPU
 * time stood still for a while is waiting on a run queue. */
static void
advance_runnable (LabThreadLedger        *ledger,
                  const LabThreadReading *r,
                  gint                    core,
                  gint64                  span)
{
  gint64 rest;

  lay_credits (ledger, core, span);
  rest = r->t_ns - ledger->settled_ns;
  if (rest > LAB_LEDGER_STALL_NS && r->t_ns - ledger->cpu_seen_ns >= LAB_LEDGER_STALL_NS
      && ledger->credit_cpu == 0)
    {
      /* Counted once it reaches a core; paid back then. */
      lay (ledger, LAB_STATE_READY, core, rest);
      ledger->debt_ready += rest;
      ledger->mode = LAB_STATE_READY;
    }
}

/* Asleep before, runnable now: it woke in this interval. */
static void
advance_woken (LabThreadLedger        *ledger,
               const LabThreadReading *r,
               gint                    core,
               gint64                  span)
{
  gint64 counted = ledger->credit_cpu + ledger->credit_ready;

  if (counted == 0)
    {
      /* Not counted yet: when it woke is not known. Wait for the counters,
       * but not for ever. */
      if (span > WAKE_WAIT_NS)
        lay (ledger, ledger->mode, core, span - LAB_LEDGER_STALL_NS);
      return;
    }
  lay (ledger, ledger->mode, core, MAX (span - counted, 0));
  ledger->mode = LAB_STATE_RUNNING;
  lay_credits (ledger, core, r->t_ns - ledger->settled_ns);
}

/**
 * lab_thread_ledger_advance:
 * @ledger: a ledger
 * @reading: the thread read again, later than the previous reading
 *
 * Lays out the time since the previous reading as far as the counters
 * tell it. Totals that went backwards (they never do) count as no change.
 */
void
lab_thread_ledger_advance (LabThreadLedger        *ledger,
                           const LabThreadReading *reading)
{
  gint64 dc, dr, paid, span;
  gint core;

  g_return_if_fail (ledger != NULL);
  g_return_if_fail (reading != NULL);

  if (reading->t_ns < ledger->last.t_ns)
    return;
  dc = reading->cpu_ns > ledger->last.cpu_ns ? (gint64) (reading->cpu_ns - ledger->last.cpu_ns) : 0;
  dr = reading->delay_ns > ledger->last.delay_ns
         ? (gint64) (reading->delay_ns - ledger->last.delay_ns) : 0;
  paid = MIN (dr, ledger->debt_ready);
  ledger->debt_ready -= paid;
  ledger->credit_cpu += dc;
  ledger->credit_ready += dr - paid;
  if (dc > 0)
    ledger->cpu_seen_ns = reading->t_ns;
  core = reading->core;
  span = reading->t_ns - ledger->settled_ns;

  if (!is_runnable (reading->now))
    advance_asleep (ledger, reading, core, span);
  else if (is_runnable (ledger->mode))
    advance_runnable (ledger, reading, core, span);
  else
    advance_woken (ledger, reading, core, span);

  ledger->last = *reading;
  ledger->last.core = core;
}

void
lab_thread_ledger_publish (LabThreadLedger *ledger,
                           gint64           max_age_ns)
{
  LabState state;
  gint core;
  gint64 end;

  g_return_if_fail (ledger != NULL);

  if (!ledger->open || ledger->open_end - ledger->open_begin < max_age_ns)
    return;
  state = ledger->open_state;
  core = ledger->open_core;
  end = ledger->open_end;
  close_open (ledger);
  ledger->open = TRUE;
  ledger->open_state = state;
  ledger->open_core = core;
  ledger->open_begin = end;
  ledger->open_end = end;
}

void
lab_thread_ledger_finish (LabThreadLedger *ledger)
{
  gint64 span;

  g_return_if_fail (ledger != NULL);

  span = ledger->last.t_ns - ledger->settled_ns;
  if (!is_runnable (ledger->mode))
    {
      gint64 counted = ledger->credit_cpu + ledger->credit_ready;

      lay (ledger, ledger->mode, ledger->last.core, MAX (span - counted, 0));
    }
  lay_credits (ledger, ledger->last.core, ledger->last.t_ns - ledger->settled_ns);
  drop_credits (ledger);
  close_open (ledger);
}

gboolean
lab_thread_ledger_is_runnable (const LabThreadLedger *ledger)
{
  g_return_val_if_fail (ledger != NULL, FALSE);

  return is_runnable (ledger->mode);
}
