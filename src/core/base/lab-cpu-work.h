/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * CPU work is an amount of computation: a fixed arithmetic kernel run a
 * number of iterations. Calibration measures iterations per millisecond on
 * one idle core, so "1 s of CPU" means the iterations that took 1 s then;
 * under contention or a lock the same work honestly takes longer.
 */

/* Runs @iterations of the kernel; @state carries the kernel's value so the
 * compiler cannot remove the work. */
void    lab_cpu_kernel          (guint64  iterations,
                                 guint64 *state);
/* Median of several short timed runs, under 100 ms in all; cached after the first call. */
double  lab_cpu_calibrate       (void);
guint64 lab_cpu_iterations_for  (double   iterations_per_ms,
                                 gint64   ns);
/* Uses @iterations_per_ms (measured elsewhere, e.g. by the parent of a
 * worker process) instead of calibrating; ignored once a value is cached.
 * Returns TRUE when the value was taken. */
gboolean lab_cpu_set_calibration (double  iterations_per_ms);

G_END_DECLS
