/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <time.h>

G_BEGIN_DECLS

#define LAB_NS_PER_US G_GINT64_CONSTANT (1000)
#define LAB_NS_PER_MS G_GINT64_CONSTANT (1000000)
#define LAB_NS_PER_S  G_GINT64_CONSTANT (1000000000)

/* Every event in every thread and every worker process is stamped on this
 * clock, so that segments from different processes line up. */
static inline gint64
lab_clock_now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * LAB_NS_PER_S + ts.tv_nsec;
}

/* CPU time consumed by the calling thread. */
static inline gint64
lab_clock_thread_cpu_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * LAB_NS_PER_S + ts.tv_nsec;
}

G_END_DECLS
