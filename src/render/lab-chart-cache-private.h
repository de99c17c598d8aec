/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lab-chart-cache.h"
#include "lab-trace.h"

G_BEGIN_DECLS

typedef gpointer (*LabChartCacheCompute) (LabTrace *trace);

/* The value of @key for @trace: from @cache while it is up to date for
 * what the trace recorded, else computed by @compute (and kept, with
 * @cache). A trace still recording is computed again at most a tenth of
 * the time, so that a big live run stays drawable. (transfer full):
 * release it with @unref. */
gpointer _lab_chart_cache_get (LabChartCache        *cache,
                               LabTrace             *trace,
                               const char           *key,
                               LabChartCacheCompute  compute,
                               GBoxedCopyFunc        ref,
                               GDestroyNotify        unref);

G_END_DECLS
