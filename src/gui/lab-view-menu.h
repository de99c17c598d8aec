/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "lab-chart-view.h"

G_BEGIN_DECLS

/*
 * The View menu: a check item per chart layer, from the renderer's list
 * of layers, whose actions ("view.cores", "view.gil", …) show or hide
 * that layer on a chart view and follow it when its layers change
 * otherwise (a lesson, the settings). Alt+1 to Alt+5 toggle them.
 */

/* Fills @menu with the items; inserts the "view" actions on @window, for
 * @view; and sets their shortcuts on @window's application, if it has one. */
void      lab_view_menu_install      (GtkWindow    *window,
                                      GMenu        *menu,
                                      LabChartView *view);

G_END_DECLS
