/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lab-trace.h"

G_BEGIN_DECLS

/* A failed task's own reason, without falling back to the trace's error:
 * what a saved file must hold so that loading gives the same trace. */
const char *_lab_trace_task_get_own_reason (LabTrace *trace,
                                            guint32   task);

G_END_DECLS
