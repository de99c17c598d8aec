/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Which renderer the window draws with: cairo where OpenGL runs on the
 * CPU (as under Xvfb), the user's GSK_RENDERER always obeyed. */

#include <gtest/gtest.h>

#include "lab-gui-test.h"

extern "C" {
#include "lab-renderer.h"
}

using lab_test::App;

namespace {

TEST (Renderer, TellsSoftwareRasterizersFromGpus)
{
  const struct
  {
    const char *gl_renderer;
    bool software;
  } cases[] = {
    { "llvmpipe (LLVM 15.0.6, 256 bits)", true },
    { "softpipe", true },
    { "Mesa DRI Intel(R) 965GM x86/MMX/SSE2 Software Rasterizer", true },
    { "SWR (LLVM 11.0.1, 256 bits)", true },
    { "D3D12 (Microsoft Basic Render Driver)", true },
    { "Apple Software Renderer", true },
    { "Mesa Intel(R) UHD Graphics 620 (KBL GT2)", false },
    // A GPU whose driver names LLVM is not llvmpipe.
    { "AMD Radeon RX 6600 (navi23, LLVM 15.0.7, DRM 3.49, 6.1.0-13-amd64)", false },
    { "NVIDIA GeForce RTX 3060/PCIe/SSE2", false },
    { "virgl (Mesa Intel(R) UHD Graphics 630)", false },
    { "SVGA3D; build: RELEASE;  LLVM;", false },
    { "NOSWR 3000", false },
    { "", false },
  };

  for (const auto &c : cases)
    EXPECT_EQ (lab_renderer_is_software (c.gl_renderer), c.software) << c.gl_renderer;
  EXPECT_FALSE (lab_renderer_is_software (nullptr));
}

// A renderer the user chose is kept, and OpenGL is not even asked.
TEST (Renderer, KeepsTheUsersChoice)
{
  gtk_init ();
  ASSERT_NE (gdk_display_get_default (), nullptr);
  g_setenv ("GSK_RENDERER", "gl", TRUE);
  g_autofree char *asked = lab_renderer_choose (gdk_display_get_default ());
  EXPECT_EQ (asked, nullptr);
  EXPECT_STREQ (g_getenv ("GSK_RENDERER"), "gl");
  g_unsetenv ("GSK_RENDERER");
}

// Under Xvfb, OpenGL is Mesa's llvmpipe (or absent): the window draws with
// cairo, which GTK would not choose by itself, and About says so.
TEST (Renderer, WindowDrawsWithCairoWhereOpenGlIsSoftware)
{
  // The suite's environment asks for cairo; this test is about the app
  // choosing it. GTK reads the variable when the first window is realized.
  g_unsetenv ("GSK_RENDERER");
  App app;

  ASSERT_TRUE (app.ok);
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (app.window ()));
  ASSERT_NE (renderer, nullptr);
  EXPECT_STREQ (G_OBJECT_TYPE_NAME (renderer), "GskCairoRenderer");

  g_action_group_activate_action (G_ACTION_GROUP (app.app), "about", NULL);
  GtkWindow *about = NULL;
  ASSERT_TRUE (lab_test::iterate_until ([&about] {
    about = lab_test::find_toplevel (ADW_TYPE_ABOUT_WINDOW);
    return about != NULL;
  }));
  std::string info = adw_about_window_get_debug_info (ADW_ABOUT_WINDOW (about));
  EXPECT_NE (info.find ("Drawn with: GskCairoRenderer"), std::string::npos) << info;
  EXPECT_NE (info.find ("OpenGL: "), std::string::npos) << info;
  // GTK alone would draw with GL on llvmpipe: the app asked for cairo.
  if (info.find ("llvmpipe") != std::string::npos)
    {
      EXPECT_STREQ (g_getenv ("GSK_RENDERER"), "cairo");
    }
  gtk_window_close (about);
  EXPECT_TRUE (app.quit ());
}

}  // namespace
