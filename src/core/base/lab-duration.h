/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The longest duration anything in Concurrency Lab accepts: one hour. */
#define LAB_DURATION_MAX_NS (G_GINT64_CONSTANT (3600) * G_GINT64_CONSTANT (1000000000))

gboolean  lab_duration_parse      (const char  *text,
                                   gint64      *out_ns,
                                   GError     **error);
GArray   *lab_duration_list_parse (const char  *text,
                                   GError     **error);
char     *lab_duration_to_string  (gint64       ns);
/* For people, all on one unit ladder (ns, µs, ms, s, min, h, d). */
char     *lab_duration_format     (gint64       ns);
char     *lab_duration_format_short (gint64     ns);
char     *lab_duration_format_range (gint64     lo_ns,
                                     gint64     hi_ns);
/* Time axes: round steps and their labels on the same ladder. */
gint64    lab_duration_choose_step (gint64      span_ns,
                                    gint64      at_least_ns);
char     *lab_duration_format_tick (gint64      t_ns,
                                    gint64      step_ns,
                                    gint64      max_ns);

G_END_DECLS
