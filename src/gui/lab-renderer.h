/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Whether an OpenGL renderer string (GL_RENDERER) names a rasterizer that
 * runs on the CPU (Mesa's llvmpipe or softpipe, and the like). */
gboolean lab_renderer_is_software (const char *gl_renderer);

/* Before the first window is realized: where OpenGL is drawn on the CPU,
 * has GTK draw with cairo instead (GSK_RENDERER=cairo), unless the user
 * chose a renderer. Returns the GL renderer string it found (or NULL when
 * it did not look: a renderer was chosen, or there is no GL). */
char    *lab_renderer_choose      (GdkDisplay *display);

G_END_DECLS
