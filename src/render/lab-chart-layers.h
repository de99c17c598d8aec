/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The layers a panel may show beside its task lanes, which are always
 * drawn: core lanes, their utilization bands, tasks in flight against
 * cores busy, the event loop's health, the GIL's holder, memory. A lesson, the
 * user (View menu, settings) and the command line (--show, --hide) name
 * them by id; a panel draws a chosen layer only where its run recorded
 * what the layer shows.
 */

/* A set of layers, a bit per layer in the order of lab_chart_layers_get_id(). */
typedef guint32 LabChartLayers;

/* Every layer, those of later versions too. */
#define LAB_CHART_LAYERS_ALL  ((LabChartLayers) 0xffffffffu)
#define LAB_CHART_LAYERS_NONE ((LabChartLayers) 0)

guint           lab_chart_layers_get_n          (void);
/* "cores", "utilization", "flight", "loop", "gil", "memory" */
const char     *lab_chart_layers_get_id         (guint           index);
/* Translated, for menus: "Core Lanes" */
const char     *lab_chart_layers_get_title      (guint           index);
LabChartLayers  lab_chart_layers_from_index     (guint           index);
/* A comma-separated list of ids ("cores,flight"), "all" or "none" (or
 * empty); an unknown id is an error that names it and lists the others. */
gboolean        lab_chart_layers_parse          (const char     *text,
                                                 LabChartLayers *out_layers,
                                                 GError        **error);
/* Unknown ids are left out: settings written by another version. */
LabChartLayers  lab_chart_layers_from_strv      (const char    *const *ids);
/* The ids in the set, in order: (transfer full) */
char          **lab_chart_layers_to_strv        (LabChartLayers  layers);
char           *lab_chart_layers_to_string      (LabChartLayers  layers);
/* "cores, utilization, flight, loop, gil, memory", for messages and --help */
char           *lab_chart_layers_dup_known_ids  (void);

G_END_DECLS
