/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/*
 * What the chart derives from a trace and would rather not compute again
 * for every frame and every hover (the in-flight curves sort every
 * segment). Owned by whoever draws the same traces many times, the chart
 * widget, and handed to the renderer in LabChartOptions.cache; an image
 * drawn once needs none. Each entry holds its trace and is computed again
 * when the trace has grown; lab_chart_cache_clear() lets every trace go.
 * Thread-safe.
 */

#define LAB_TYPE_CHART_CACHE (lab_chart_cache_get_type ())

typedef struct _LabChartCache LabChartCache;

GType          lab_chart_cache_get_type (void) G_GNUC_CONST;
LabChartCache *lab_chart_cache_new      (void);
LabChartCache *lab_chart_cache_ref      (LabChartCache *self);
void           lab_chart_cache_unref    (LabChartCache *self);
void           lab_chart_cache_clear    (LabChartCache *self);
/* How many times an entry was computed, for tests. */
guint          lab_chart_cache_get_n_computed (LabChartCache *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabChartCache, lab_chart_cache_unref)

G_END_DECLS
