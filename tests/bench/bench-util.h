/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "lab-memory-sampler.h"
#include "lab-model.h"
#include "lab-trace.h"
#include "lab-workload.h"

G_BEGIN_DECLS

/*
 * What the benchmark programs share. Every program prints its measurements
 * as lines "sample KEY VALUE", one per repetition, on standard output; the
 * driver (run-benchmarks) collects them, takes median, min and max and
 * prints the table. Anything else a program prints is commentary for the
 * log. A program exits non-zero when a run did not do what it was asked
 * (a task failed, a model could not run): a figure from a broken run is no
 * figure.
 */

void      bench_sample            (const char     *key,
                                   double          value);
void      bench_note              (const char     *format,
                                   ...) G_GNUC_PRINTF (1, 2);

/* Parses --reps and the program's own @entries (may be NULL); exits with a
 * message on bad options. */
void      bench_parse_options     (int            *argc,
                                   char         ***argv,
                                   const char     *summary,
                                   const GOptionEntry *entries,
                                   guint          *reps);

/* Runs @model on @workload with @n_workers (0: the model's default) and
 * the given calibration; stores the wall time of the whole run() call in
 * @out_wall_s. Returns the trace, or NULL with @error. Every task must be
 * done: a failed or cancelled task is an error too. */
LabTrace *bench_run_model         (const LabModel *model,
                                   LabWorkload    *workload,
                                   guint           n_workers,
                                   double          iterations_per_ms,
                                   double         *out_wall_s,
                                   GError        **error);

/* The same into @trace (of the workload to run), with @memory (may be
 * NULL) told of the model's worker processes as the runner's sampler is. */
gboolean  bench_run_model_into    (const LabModel   *model,
                                   LabTrace         *trace,
                                   guint             n_workers,
                                   double            iterations_per_ms,
                                   LabMemorySampler *memory,
                                   double           *out_wall_s,
                                   GError          **error);

/* The trace's own span, end - begin, in seconds. */
double    bench_trace_elapsed_s   (LabTrace       *trace);

/* Seconds on CLOCK_MONOTONIC. */
double    bench_now_s             (void);

/* Exits with status 1 after printing @error. */
G_NORETURN void bench_fail        (const char     *what,
                                   const GError   *error);

G_END_DECLS
