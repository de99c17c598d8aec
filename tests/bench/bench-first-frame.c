/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-bench"

#include "config.h"

#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/Xdamage.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "bench-util.h"
#include "lab-clock.h"

/*
 * bench-first-frame: from exec to the first frame of a program's window,
 * measured from outside the program, on the X server it draws to (Xvfb in
 * the benchmark run). It watches the root window for new top-level
 * windows, asks the DAMAGE extension to report drawing on each, starts
 * the program, and notes when the first of its windows is mapped and when
 * that window's contents are first drawn after the map (the middle of the
 * window no longer the background the server painted): the first frame.
 * Then it stops the program (SIGTERM, SIGKILL after a grace) and reaps it.
 *
 *   bench-first-frame [--reps N] -- PROGRAM [ARGS...]
 */

#define TIMEOUT_NS  (20 * LAB_NS_PER_S)
#define GRACE_NS    (2 * LAB_NS_PER_S)

static int damage_event_base;

/* Windows come and go under us (GTK creates and destroys helper windows):
 * an error about one of them is expected, not fatal. */
static int
ignore_x_error (Display     *display,
                XErrorEvent *event)
{
  return 0;
}

/* The X server paints a newly mapped window with its background (GDK
 * asks for black), which DAMAGE reports too: the app has drawn only when
 * the middle of the window is no longer that background. */
static gboolean
has_drawn (Display *display,
           Window   window)
{
  XWindowAttributes attributes;
  XImage *image;
  unsigned long pixel;

  if (!XGetWindowAttributes (display, window, &attributes) || attributes.width < 2
      || attributes.height < 2)
    return FALSE;
  image = XGetImage (display, window, attributes.width / 2, attributes.height / 2, 1, 1,
                     AllPlanes, ZPixmap);
  if (image == NULL)
    return FALSE;
  pixel = XGetPixel (image, 0, 0);
  XDestroyImage (image);
  return pixel != BlackPixel (display, DefaultScreen (display));
}

typedef struct
{
  gint64 start_ns;
  gint64 map_ns;
  gint64 frame_ns;
  Window mapped;
} Watch;

static void
handle_event (Display *display,
              XEvent  *event,
              Watch   *watch)
{
  gint64 now = lab_clock_now_ns ();

  if (event->type == CreateNotify && !event->xcreatewindow.override_redirect)
    {
      XDamageCreate (display, event->xcreatewindow.window, XDamageReportNonEmpty);
    }
  else if (event->type == MapNotify && watch->mapped == None
           && !event->xmap.override_redirect)
    {
      watch->mapped = event->xmap.window;
      watch->map_ns = now;
    }
  else if (event->type == damage_event_base + XDamageNotify)
    {
      XDamageNotifyEvent *damage = (XDamageNotifyEvent *) event;

      /* Empties the damage so that the next drawing reports again. */
      XDamageSubtract (display, damage->damage, None, None);
      if (watch->mapped != None && damage->drawable == watch->mapped && watch->frame_ns == 0
          && has_drawn (display, watch->mapped))
        watch->frame_ns = now;
    }
}

static void
stop_child (GPid child)
{
  gint64 deadline = lab_clock_now_ns () + GRACE_NS;
  int status;

  kill (child, SIGTERM);
  while (waitpid (child, &status, WNOHANG) == 0)
    {
      if (lab_clock_now_ns () > deadline)
        {
          kill (child, SIGKILL);
          waitpid (child, &status, 0);
          return;
        }
      g_usleep (5000);
    }
}

/* Runs @argv once; FALSE when its window did not appear in time. */
static gboolean
measure_once (Display  *display,
              char    **argv,
              Watch    *watch)
{
  g_autoptr(GError) error = NULL;
  struct pollfd fd = { ConnectionNumber (display), POLLIN, 0 };
  GPid child;

  memset (watch, 0, sizeof *watch);
  XSync (display, False);
  watch->start_ns = lab_clock_now_ns ();
  if (!g_spawn_async (NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_SEARCH_PATH,
                      NULL, NULL, &child, &error))
    bench_fail (argv[0], error);

  while (watch->frame_ns == 0 && lab_clock_now_ns () - watch->start_ns < TIMEOUT_NS)
    {
      while (XPending (display) > 0)
        {
          XEvent event;

          XNextEvent (display, &event);
          handle_event (display, &event, watch);
        }
      if (watch->frame_ns == 0)
        poll (&fd, 1, 5);
    }
  stop_child (child);
  g_spawn_close_pid (child);
  return watch->frame_ns != 0;
}

int
main (int   argc,
      char *argv[])
{
  guint reps = 5;
  Display *display;
  int damage_error_base;

  bench_parse_options (&argc, &argv, "Exec to first frame of a program's window, under X.",
                       NULL, &reps);
  /* GOption leaves a "--" that ends its options in place. */
  if (argc >= 2 && g_str_equal (argv[1], "--"))
    {
      argv++;
      argc--;
    }
  if (argc < 2)
    {
      g_printerr ("usage: bench-first-frame [--reps N] -- PROGRAM [ARGS...]\n");
      return 2;
    }
  display = XOpenDisplay (NULL);
  if (display == NULL)
    {
      g_printerr ("bench-first-frame: cannot open the X display\n");
      return 1;
    }
  if (!XDamageQueryExtension (display, &damage_event_base, &damage_error_base))
    {
      g_printerr ("bench-first-frame: the X server has no DAMAGE extension\n");
      return 1;
    }
  XSetErrorHandler (ignore_x_error);
  XSelectInput (display, DefaultRootWindow (display), SubstructureNotifyMask);

  for (guint rep = 0; rep < reps; rep++)
    {
      Watch watch;

      if (!measure_once (display, argv + 1, &watch))
        {
          g_printerr ("bench-first-frame: no window drawn within %d s\n",
                      (int) (TIMEOUT_NS / LAB_NS_PER_S));
          return 1;
        }
      bench_sample ("gui-map-ms", (double) (watch.map_ns - watch.start_ns) / LAB_NS_PER_MS);
      bench_sample ("gui-first-frame-ms",
                    (double) (watch.frame_ns - watch.start_ns) / LAB_NS_PER_MS);
    }
  XCloseDisplay (display);
  return 0;
}
