/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-renderer"

#include "config.h"

#include <epoxy/gl.h>
#include <string.h>

#include "lab-renderer.h"

/*
 * Which renderer GTK draws the window with. On a machine without a GPU
 * (a virtual machine, a thin client, Xvfb), GTK 4's OpenGL renderer runs
 * on Mesa's llvmpipe: the CPU compiles its shaders and rasterizes every
 * frame, which made the window's first frame later than cairo's and took
 * CPU time from the models while a live chart was drawn
 * (docs/PERFORMANCE.md). This app measures what the CPU cores do, so there
 * it asks GTK for its cairo renderer, which draws the same pixels with
 * less work. A GPU keeps the GL renderer; GSK_RENDERER set by the user is
 * always obeyed.
 */

gboolean
lab_renderer_is_software (const char *gl_renderer)
{
  static const char * const software[] = {
    "llvmpipe",             /* Mesa, LLVM-compiled rasterizer */
    "softpipe",             /* Mesa's reference rasterizer */
    "Software Rasterizer",  /* Mesa's classic swrast */
    "SWR",                  /* OpenSWR */
    "Basic Render Driver",  /* Microsoft's WARP, under WSL */
    "Software Renderer",    /* Apple's */
  };

  if (gl_renderer == NULL)
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (software); i++)
    {
      const char *found = strstr (gl_renderer, software[i]);

      /* A word of its own: "SWR" must not match inside another name. */
      if (found != NULL && (found == gl_renderer || !g_ascii_isalnum (found[-1])))
        return TRUE;
    }
  return FALSE;
}

char *
lab_renderer_choose (GdkDisplay *display)
{
  g_autoptr(GdkGLContext) context = NULL;
  g_autoptr(GError) error = NULL;
  char *name;

  if (g_getenv ("GSK_RENDERER") != NULL)
    return NULL;
  g_return_val_if_fail (GDK_IS_DISPLAY (display), NULL);
  context = gdk_display_create_gl_context (display, &error);
  if (context == NULL || !gdk_gl_context_realize (context, &error))
    {
      /* GTK falls back to cairo by itself. */
      g_debug ("no OpenGL: %s", error != NULL ? error->message : "unknown");
      return NULL;
    }
  gdk_gl_context_make_current (context);
  name = g_strdup ((const char *) glGetString (GL_RENDERER));
  gdk_gl_context_clear_current ();

  if (lab_renderer_is_software (name))
    {
      g_debug ("OpenGL is drawn on the CPU (%s): drawing with cairo", name);
      /* Read by GTK when it creates the first window's renderer. */
      g_setenv ("GSK_RENDERER", "cairo", FALSE);
    }
  return name;
}
