/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-cpu-work"

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "lab-clock.h"
#include "lab-cpu-work.h"

/* Calibration: CALIBRATION_RUNS timed runs of about CALIBRATION_RUN_NS
 * each, after a short probe that sizes them; well under 100 ms in all. */
#define CALIBRATION_RUNS    7
#define CALIBRATION_RUN_NS  (8 * LAB_NS_PER_MS)
#define PROBE_ITERATIONS    G_GUINT64_CONSTANT (20000)

static gsize  calibration_once;
static double calibration_value;

/**
 * lab_cpu_kernel:
 * @iterations: how many steps to compute
 * @state: (inout): the running value
 *
 * One step is an xorshift followed by a multiply-add: each step depends on
 * the previous one, so the chain can be neither vectorised nor folded, and
 * the result is stored through @state so it cannot be dropped either. Kept
 * out of line so that every caller runs the very same machine code that
 * calibration timed.
 */
G_GNUC_NO_INLINE void
lab_cpu_kernel (guint64  iterations,
                guint64 *state)
{
  guint64 x;

  g_return_if_fail (state != NULL);

  x = *state | 1;
  for (guint64 i = 0; i < iterations; i++)
    {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      x = x * G_GUINT64_CONSTANT (6364136223846793005) + G_GUINT64_CONSTANT (1442695040888963407);
    }
  /* An empty asm that "reads" x: a compiler that could prove the value
   * unused still has to produce it. */
  __asm__ volatile ("" : : "r" (x) : "memory");
  *state = x;
}

/* Iterations per millisecond of thread CPU time for one run of @iterations.
 * The thread's CPU clock, not the wall clock, so that a run during which
 * the OS gave the core to someone else (a compiler, another test) still
 * measures the kernel and not the neighbours. */
static double
time_run (guint64  iterations,
          guint64 *state)
{
  gint64 begin = lab_clock_thread_cpu_ns ();
  gint64 elapsed;

  lab_cpu_kernel (iterations, state);
  elapsed = MAX (lab_clock_thread_cpu_ns () - begin, 1);
  return (double) iterations * (double) LAB_NS_PER_MS / (double) elapsed;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
measure (void)
{
  double rates[CALIBRATION_RUNS];
  guint64 state = 0x9e3779b97f4a7c15u;
  double probe;
  guint64 run_iterations;

  /* The probe also warms the caches and wakes the core from a low clock. */
  probe = time_run (PROBE_ITERATIONS, &state);
  probe = MAX (probe, time_run (PROBE_ITERATIONS * 10, &state));
  run_iterations = (guint64) MAX (probe * (double) CALIBRATION_RUN_NS / LAB_NS_PER_MS, 1000.0);

  for (guint i = 0; i < CALIBRATION_RUNS; i++)
    rates[i] = time_run (run_iterations, &state);

  /* The median: one run disturbed by a migration or a frequency change
   * moves it less than it moves the mean. */
  qsort (rates, CALIBRATION_RUNS, sizeof rates[0], compare_doubles);
  g_debug ("calibrated: %.0f iterations/ms (runs %.0f..%.0f, state %" G_GUINT64_FORMAT ")",
           rates[CALIBRATION_RUNS / 2], rates[0], rates[CALIBRATION_RUNS - 1], state);
  return rates[CALIBRATION_RUNS / 2];
}

/**
 * lab_cpu_calibrate:
 *
 * Measures how many kernel iterations one core computes per millisecond:
 * the median of several short runs, under 100 ms in all. The first call
 * measures; later calls (from any thread) return the cached value.
 *
 * Returns: iterations per millisecond, > 0
 */
double
lab_cpu_calibrate (void)
{
  if (g_once_init_enter (&calibration_once))
    {
      calibration_value = measure ();
      g_once_init_leave (&calibration_once, 1);
    }
  return calibration_value;
}

/**
 * lab_cpu_set_calibration:
 * @iterations_per_ms: a value measured earlier, > 0
 *
 * Lets a process that was told the calibration (a worker process, a loaded
 * comparison being re-run) skip measuring. Has no effect when a value is
 * already cached.
 *
 * Returns: %TRUE if @iterations_per_ms is now the cached value
 */
gboolean
lab_cpu_set_calibration (double iterations_per_ms)
{
  g_return_val_if_fail (iterations_per_ms > 0 && isfinite (iterations_per_ms), FALSE);

  if (g_once_init_enter (&calibration_once))
    {
      calibration_value = iterations_per_ms;
      g_once_init_leave (&calibration_once, 1);
      return TRUE;
    }
  return calibration_value == iterations_per_ms;
}

/**
 * lab_cpu_iterations_for:
 * @iterations_per_ms: the calibration
 * @ns: single-core CPU time at calibration
 *
 * Returns: the number of kernel iterations that is @ns of work
 */
guint64
lab_cpu_iterations_for (double iterations_per_ms,
                        gint64 ns)
{
  double iterations;

  g_return_val_if_fail (iterations_per_ms > 0, 0);

  if (ns <= 0)
    return 0;
  iterations = iterations_per_ms * (double) ns / (double) LAB_NS_PER_MS;
  return iterations >= (double) G_MAXUINT64 ? G_MAXUINT64 : (guint64) llround (iterations);
}
