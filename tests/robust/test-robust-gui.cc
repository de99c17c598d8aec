/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window facing faults and odd settings, on a real display (Xvfb):
 * tasks that failed in a worker are shown in the banner with their
 * reason; stored settings it cannot use are refused or replaced, and the
 * window says so. */

#include <gtest/gtest.h>

#include <string>

#include "lab-gui-test.h"

extern "C" {
#include "config.h"

#include <math.h>

#include "lab-workload-panel.h"
}

using lab_test::App;
using lab_test::panel_of;
using lab_test::run_to_end;
using lab_test::iterate_until;

namespace {

bool
have_display ()
{
  return g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL;
}

struct FaultCase
{
  const char *fault;        /* the worker's test-only LAB_WORKER_FAULT */
  const char *reason_part;
};

/* A worker that misbehaves fails its task; the window names the model and
 * the reason in its banner, and the other model's result is there. */
TEST (RobustWindow, AFailedTaskIsShownInTheBannerWithItsReason)
{
  const FaultCase cases[] = {
    { "garbage:1", "malformed message" },
    { "exit:1", "exited with status 3" },
    { "hang:0", "sent nothing for 5 s" },  /* stopped at the worker deadline */
  };

  if (!have_display ())
    GTEST_SKIP () << "no display: run under xvfb-run";
  for (const FaultCase &c : cases)
    {
      App app;
      const char *message;

      ASSERT_TRUE (app.ok);
      g_setenv ("LAB_WORKER_FAULT", c.fault, TRUE);
      bool ended = run_to_end (app, "cpu 3x20ms", "sequential,processes");
      g_unsetenv ("LAB_WORKER_FAULT");
      ASSERT_TRUE (ended) << c.fault;

      message = lab_window_get_banner_message (app.window ());
      ASSERT_NE (message, nullptr) << c.fault << ": no banner";
      EXPECT_NE (strstr (message, "Processes"), nullptr) << message;
      EXPECT_NE (strstr (message, c.reason_part), nullptr) << message;
      EXPECT_EQ (strstr (message, "Sequential"), nullptr) << "only the model that failed:\n"
                                                          << message;
      EXPECT_TRUE (app.quit ());
    }
}

/* GSettings itself refuses values outside the schema's ranges, so the
 * window never sees them; the panel clamps what it is given directly. */
TEST (RobustSettings, OutOfRangeNumbersAreRefusedAndClamped)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  if (!have_display ())
    GTEST_SKIP () << "no display: run under xvfb-run";
  EXPECT_FALSE (g_settings_set_int (settings, "workers", 999));
  EXPECT_FALSE (g_settings_set_int (settings, "workers", -2));
  EXPECT_FALSE (g_settings_set_double (settings, "switch-interval", 0.0));
  EXPECT_FALSE (g_settings_set_double (settings, "switch-interval", 1e9));
  EXPECT_EQ (g_settings_get_int (settings, "workers"), -1);
  EXPECT_EQ (g_settings_get_double (settings, "switch-interval"), 5.0);
  /* NaN passes GSettings' range check (every comparison with it is
   * false), so the window meets it: it must keep a usable interval. */
  g_settings_set_double (settings, "switch-interval", NAN);

  App app;
  ASSERT_TRUE (app.ok);
  {
    double interval = lab_workload_panel_get_switch_interval (panel_of (app));
    const char *message = lab_window_get_banner_message (app.window ());

    EXPECT_TRUE (interval >= 0.1 && interval <= 100.0) << interval;
    EXPECT_EQ (g_settings_get_double (settings, "switch-interval"), 5.0) << "NaN is not kept";
    ASSERT_NE (message, nullptr) << "nothing says the stored interval was dropped";
    EXPECT_NE (strstr (message, "switch interval"), nullptr) << message;
  }
  lab_workload_panel_set_workers (panel_of (app), 999);
  EXPECT_EQ (lab_workload_panel_get_workers (panel_of (app)), 32);
  EXPECT_EQ (g_settings_get_int (settings, "workers"), 32) << "the clamped value is stored";
  lab_workload_panel_set_switch_interval (panel_of (app), 1e9);
  EXPECT_LE (lab_workload_panel_get_switch_interval (panel_of (app)), 100.0);
  lab_workload_panel_set_switch_interval (panel_of (app), -1.0);
  EXPECT_GE (lab_workload_panel_get_switch_interval (panel_of (app)), 0.1);
  EXPECT_TRUE (app.quit ());
  g_settings_reset (settings, "workers");
  g_settings_reset (settings, "switch-interval");
}

struct StoredCase
{
  const char *key;
  const char *value;       /* what is stored */
  const char *banner_part; /* the banner quotes what could not be used */
};

/* Strings of the right type that the window cannot use: a workload that
 * does not parse, unknown model ids. The window keeps a workload that
 * parses and only the known models, and says what it dropped. */
TEST (RobustSettings, StoredTextsThatCannotBeUsedAreReplacedAndSaidSo)
{
  const StoredCase cases[] = {
    { "workload", "gpu 3x1s", "gpu 3x1s" },
    { "workload", "io 1000001x1ms", "io 1000001x1ms" },
    { "workload", "cpu 100001x1ms", "cpu 100001x1ms" },
    { "workload", "io -1s", "io -1s" },
    { "workload", "", "" },
    { "models", "sequential,fibers", "fibers" },
    { "models", "nope", "nope" },
  };

  if (!have_display ())
    GTEST_SKIP () << "no display: run under xvfb-run";
  for (const StoredCase &c : cases)
    {
      g_autoptr(GSettings) settings = g_settings_new (APP_ID);
      g_autoptr(LabWorkload) workload = NULL;
      const char *message;

      ASSERT_TRUE (g_settings_set_string (settings, c.key, c.value));
      App app;
      ASSERT_TRUE (app.ok) << c.key << " " << c.value;

      workload = lab_workload_parse (lab_workload_panel_get_workload (panel_of (app)), NULL);
      EXPECT_NE (workload, nullptr) << "the panel's workload parses";
      g_autofree const LabModel **models =
        lab_model_parse_list (lab_workload_panel_get_models (panel_of (app)), NULL);
      EXPECT_NE (models, nullptr) << "at least one known model is chosen";
      if (g_str_equal (c.key, "models"))
        {
          EXPECT_EQ (strstr (lab_workload_panel_get_models (panel_of (app)), c.banner_part),
                     nullptr);
        }
      message = lab_window_get_banner_message (app.window ());
      ASSERT_NE (message, nullptr) << c.key << " “" << c.value << "”: nothing says so";
      if (c.banner_part[0] != '\0')
        {
          EXPECT_NE (strstr (message, c.banner_part), nullptr) << message;
        }
      EXPECT_TRUE (app.quit ());
      g_settings_reset (settings, c.key);
    }
}

} /* namespace */
