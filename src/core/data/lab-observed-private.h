/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lab-observed.h"

G_BEGIN_DECLS

/* Called by lab_trace_add_observed_task() only, which grows the trace's
 * task count with it; returns the new task's index. */
guint32 _lab_observed_add_task (LabObserved     *self,
                                LabObservedKind  kind,
                                guint            process,
                                gint32           tid,
                                const char      *name,
                                gint64           begin_ns);

G_END_DECLS
