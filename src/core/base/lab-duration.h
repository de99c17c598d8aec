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
char     *lab_duration_format     (gint64       ns);

G_END_DECLS
