/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Getting the picture out: the Save Image dialog, Copy Image, and a trace
 * saved and opened through the file actions, on a real display (Xvfb). */

#include <gtest/gtest.h>

#include <cstring>
#include <functional>
#include <set>
#include <string>

extern "C" {
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "lab-chart-view.h"
#include "lab-clock.h"
#include "lab-comparison.h"
#include "lab-export-dialog.h"
#include "lab-file-actions.h"
#include "lab-trace.h"
#include "lab-types.h"
#include "lab-workload.h"
#include "../plan-test-helpers.h"
}

namespace {

constexpr gint64 kSecond = LAB_NS_PER_S;
constexpr gint64 kT0 = 1000 * kSecond;

bool
display_ready (void)
{
  static int ready = -1;

  if (ready < 0)
    {
      ready = (g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL)
              && gtk_init_check ();
      if (ready)
        adw_init ();
    }
  return ready;
}

bool
iterate_until (const std::function<bool ()> &done,
               int                           timeout_ms = 5000)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;

  while (!done ())
    {
      if (g_get_monotonic_time () > deadline)
        return false;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return true;
}

/* Lesson 1 with hand-made measurements: sequential 6 s, event loop 3 s. */
LabComparison *
make_comparison (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LabWorkload) workload = lab_workload_parse ("io 3,1,2s", &error);
  LabComparison *comparison;
  const gint64 seq[3][2] = { { 0, 3 }, { 3, 4 }, { 4, 6 } };
  const gint64 loop[3][2] = { { 0, 3 }, { 0, 1 }, { 0, 2 } };

  g_assert_no_error (error);
  comparison = test_comparison_new (workload, 2, 1);

  for (int m = 0; m < 2; m++)
    {
      g_autoptr(LabTrace) trace = lab_trace_new (m == 0 ? "sequential" : "event-loop", workload, 2);
      const gint64 (*spans)[2] = m == 0 ? seq : loop;
      LabTraceWriter *writer;

      lab_trace_set_n_workers (trace, 1);
      lab_trace_begin (trace, kT0);
      writer = lab_trace_get_writer (trace, 0);
      for (guint32 task = 0; task < 3; task++)
        {
          lab_trace_writer_add (writer, task, LAB_STATE_WAITING_IO, -1,
                                kT0 + spans[task][0] * kSecond, kT0 + spans[task][1] * kSecond);
          lab_trace_task_done (trace, task);
        }
      lab_trace_end (trace, kT0 + (m == 0 ? 6 : 3) * kSecond);
      lab_comparison_add_trace (comparison, trace);
    }
  return comparison;
}

/* The size a PNG declares in its IHDR chunk; false if @data is no PNG. */
bool
read_png_size (const guint8 *data,
               gsize         length,
               guint32      *width,
               guint32      *height)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

  if (length < 24 || memcmp (data, signature, 8) != 0 || memcmp (data + 12, "IHDR", 4) != 0)
    return false;
  *width = (guint32) data[16] << 24 | (guint32) data[17] << 16 | (guint32) data[18] << 8 | data[19];
  *height = (guint32) data[20] << 24 | (guint32) data[21] << 16 | (guint32) data[22] << 8 | data[23];
  return true;
}

/* Pages of a PDF: "/Type /Page" objects, not "/Type /Pages". */
int
count_pdf_pages (const std::string &pdf)
{
  int pages = 0;

  for (size_t at = pdf.find ("/Type /Page"); at != std::string::npos;
       at = pdf.find ("/Type /Page", at + 1))
    if (at + 11 >= pdf.size () || pdf[at + 11] != 's')
      pages++;
  return pages;
}

std::set<std::string>
list_dir (const char *dir)
{
  std::set<std::string> names;
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != nullptr && (name = g_dir_read_name (d)) != nullptr)
    names.insert (name);
  return names;
}

class ExportTest : public ::testing::Test
{
protected:
  GtkWindow *window = nullptr;
  LabChartView *view = nullptr;
  LabComparison *comparison = nullptr;
  char *dir = nullptr;

  void
  SetUp () override
  {
    if (!display_ready ())
      GTEST_SKIP () << "no display (run under Xvfb)";

    dir = g_dir_make_tmp ("lab-export-XXXXXX", NULL);
    ASSERT_NE (dir, nullptr);
    window = GTK_WINDOW (gtk_window_new ());
    gtk_window_set_default_size (window, 1000, 700);
    view = LAB_CHART_VIEW (lab_chart_view_new ());
    gtk_window_set_child (window, GTK_WIDGET (view));
    comparison = make_comparison ();
    lab_chart_view_set_comparison (view, comparison);
    gtk_window_present (window);
    ASSERT_TRUE (iterate_until ([this] {
      return gtk_widget_get_width (GTK_WIDGET (view)) > 0
             && lab_chart_view_get_render_count (view) > 0;
    }));
  }

  void
  TearDown () override
  {
    if (dir != nullptr)
      {
        for (const std::string &name : list_dir (dir))
          {
            g_autofree char *path = g_build_filename (dir, name.c_str (), NULL);
            g_unlink (path);
          }
        g_rmdir (dir);
        g_free (dir);
      }
    if (window != nullptr)
      gtk_window_destroy (window);
    g_clear_pointer (&comparison, lab_comparison_unref);
    iterate_until ([] { return false; }, 20);
  }

  LabExportDialog *
  make_dialog (void)
  {
    LabChartOptions options;

    lab_chart_view_get_options (view, &options);
    return lab_export_dialog_new (window, comparison, &options);
  }

  char *
  path_in_dir (const char *name)
  {
    return g_build_filename (dir, name, NULL);
  }
};

void
on_saved_cb (LabExportDialog *dialog,
             GFile           *file,
             gpointer         user_data)
{
  g_set_object ((GFile **) user_data, file);
}

TEST_F (ExportTest, SavesASlideSizedPng)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) saved = NULL;
  LabExportDialog *dialog = make_dialog ();

  lab_export_dialog_set_format (dialog, LAB_EXPORT_DIALOG_FORMAT_PNG);
  lab_export_dialog_set_size (dialog, LAB_EXPORT_DIALOG_SIZE_SLIDE);
  lab_export_dialog_set_theme (dialog, LAB_EXPORT_DIALOG_THEME_LIGHT);
  g_signal_connect (dialog, "saved", G_CALLBACK (on_saved_cb), &saved);

  g_autofree char *path = path_in_dir ("chart.png");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  ASSERT_TRUE (lab_export_dialog_save_to_file (dialog, file, &error)) << error->message;
  ASSERT_NE (saved, nullptr);
  EXPECT_TRUE (g_file_equal (saved, file));
  EXPECT_TRUE (g_file_equal (lab_export_dialog_get_file (dialog), file));
  EXPECT_EQ (lab_export_dialog_get_error (dialog), nullptr);

  g_autofree char *contents = NULL;
  gsize length = 0;
  guint32 width = 0, height = 0;
  ASSERT_TRUE (g_file_get_contents (path, &contents, &length, NULL));
  ASSERT_TRUE (read_png_size ((const guint8 *) contents, length, &width, &height));
  EXPECT_EQ (width, 1920u);
  EXPECT_EQ (height, 1080u);
  EXPECT_EQ (list_dir (dir), std::set<std::string> { "chart.png" }) << "a temporary file was left";

  /* "As on screen" is the size of the widget. */
  lab_export_dialog_set_size (dialog, LAB_EXPORT_DIALOG_SIZE_SCREEN);
  LabChartOptions options;
  lab_export_dialog_get_options (dialog, &options);
  EXPECT_EQ ((int) options.width, gtk_widget_get_width (GTK_WIDGET (view)));
  EXPECT_EQ ((int) options.height, gtk_widget_get_height (GTK_WIDGET (view)));

  gtk_window_destroy (GTK_WINDOW (dialog));
}

TEST_F (ExportTest, SavesSvgAndOnePagePdf)
{
  LabExportDialog *dialog = make_dialog ();

  lab_export_dialog_set_size (dialog, LAB_EXPORT_DIALOG_SIZE_HD);

  g_autoptr(GError) error = NULL;
  g_autofree char *svg_path = path_in_dir ("chart.svg");
  g_autoptr(GFile) svg_file = g_file_new_for_path (svg_path);
  g_autofree char *svg = NULL;
  lab_export_dialog_set_format (dialog, LAB_EXPORT_DIALOG_FORMAT_SVG);
  ASSERT_TRUE (lab_export_dialog_save_to_file (dialog, svg_file, &error)) << error->message;
  ASSERT_TRUE (g_file_get_contents (svg_path, &svg, NULL, NULL));
  EXPECT_NE (strstr (svg, "<svg"), nullptr);
  EXPECT_NE (strstr (svg, "width=\"1280"), nullptr);

  g_autofree char *pdf_path = path_in_dir ("chart.pdf");
  g_autoptr(GFile) pdf_file = g_file_new_for_path (pdf_path);
  g_autofree char *pdf = NULL;
  gsize pdf_length = 0;
  lab_export_dialog_set_format (dialog, LAB_EXPORT_DIALOG_FORMAT_PDF);
  ASSERT_TRUE (lab_export_dialog_save_to_file (dialog, pdf_file, &error)) << error->message;
  ASSERT_TRUE (g_file_get_contents (pdf_path, &pdf, &pdf_length, NULL));
  ASSERT_GT (pdf_length, 4u);
  EXPECT_EQ (memcmp (pdf, "%PDF", 4), 0);
  EXPECT_EQ (count_pdf_pages (std::string (pdf, pdf_length)), 1);

  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A folder that is a regular file fails whoever runs the test, root too. */
TEST_F (ExportTest, FailureIsShownInlineAndTouchesNothing)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) saved = NULL;
  LabExportDialog *dialog = make_dialog ();
  g_signal_connect (dialog, "saved", G_CALLBACK (on_saved_cb), &saved);

  g_autofree char *blocker = path_in_dir ("not-a-folder");
  ASSERT_TRUE (g_file_set_contents (blocker, "keep me", -1, NULL));
  g_autofree char *existing = path_in_dir ("existing.png");
  ASSERT_TRUE (g_file_set_contents (existing, "an older image", -1, NULL));
  std::set<std::string> before = list_dir (dir);

  g_autofree char *path = g_build_filename (blocker, "chart.png", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  EXPECT_FALSE (lab_export_dialog_save_to_file (dialog, file, &error));
  ASSERT_NE (error, nullptr);
  EXPECT_GT (strlen (error->message), 0u);
  ASSERT_NE (lab_export_dialog_get_error (dialog), nullptr) << "the error is not shown in the dialog";
  EXPECT_STREQ (lab_export_dialog_get_error (dialog), error->message);
  EXPECT_EQ (saved, nullptr);
  EXPECT_EQ (lab_export_dialog_get_file (dialog), nullptr);

  g_autofree char *kept = NULL;
  ASSERT_TRUE (g_file_get_contents (blocker, &kept, NULL, NULL));
  EXPECT_STREQ (kept, "keep me");
  ASSERT_TRUE (g_file_get_contents (existing, &kept, NULL, NULL));
  EXPECT_STREQ (kept, "an older image");
  EXPECT_EQ (list_dir (dir), before);

  /* A later save that works clears the message. */
  g_autofree char *good = path_in_dir ("chart.png");
  g_autoptr(GFile) good_file = g_file_new_for_path (good);
  g_clear_error (&error);
  ASSERT_TRUE (lab_export_dialog_save_to_file (dialog, good_file, &error));
  EXPECT_EQ (lab_export_dialog_get_error (dialog), nullptr);

  gtk_window_destroy (GTK_WINDOW (dialog));
}

void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  (*static_cast<int *> (user_data))++;
}

/* The window remembers the choices by binding these properties to string
 * settings keys: the enum nicks are the stored values. */
TEST_F (ExportTest, ChoicesAreNotifyingPropertiesWithSettingsNicks)
{
  LabExportDialog *dialog = make_dialog ();
  int notified = 0;
  g_autofree char *format = NULL;

  g_signal_connect (dialog, "notify::format", G_CALLBACK (count_notify_cb), &notified);
  g_object_set (dialog, "format", LAB_EXPORT_DIALOG_FORMAT_SVG, NULL);
  EXPECT_EQ (lab_export_dialog_get_format (dialog), LAB_EXPORT_DIALOG_FORMAT_SVG);
  EXPECT_EQ (notified, 1);
  g_object_set (dialog, "format", LAB_EXPORT_DIALOG_FORMAT_SVG, NULL);
  EXPECT_EQ (notified, 1) << "notify without a change";

  g_object_set (dialog, "size", LAB_EXPORT_DIALOG_SIZE_HD, "theme", LAB_EXPORT_DIALOG_THEME_DARK,
                "transparent", TRUE, NULL);
  LabChartOptions options;
  lab_export_dialog_get_options (dialog, &options);
  EXPECT_EQ (options.width, 1280);
  EXPECT_EQ (options.height, 720);
  EXPECT_EQ (options.theme, LAB_THEME_DARK);
  EXPECT_TRUE (options.transparent);

  struct { GType type; int value; const char *nick; } nicks[] = {
    { LAB_TYPE_EXPORT_DIALOG_FORMAT, LAB_EXPORT_DIALOG_FORMAT_PNG, "png" },
    { LAB_TYPE_EXPORT_DIALOG_FORMAT, LAB_EXPORT_DIALOG_FORMAT_PDF, "pdf" },
    { LAB_TYPE_EXPORT_DIALOG_SIZE, LAB_EXPORT_DIALOG_SIZE_SLIDE, "slide" },
    { LAB_TYPE_EXPORT_DIALOG_SIZE, LAB_EXPORT_DIALOG_SIZE_SCREEN, "screen" },
    { LAB_TYPE_EXPORT_DIALOG_THEME, LAB_EXPORT_DIALOG_THEME_APP, "app" },
  };
  for (auto &n : nicks)
    {
      g_autoptr(GEnumClass) klass = (GEnumClass *) g_type_class_ref (n.type);
      GEnumValue *value = g_enum_get_value (klass, n.value);

      ASSERT_NE (value, nullptr);
      EXPECT_STREQ (value->value_nick, n.nick);
    }

  gtk_window_destroy (GTK_WINDOW (dialog));
}

struct ClipboardRead
{
  GBytes *bytes = nullptr;
  char *mime_type = nullptr;
  bool done = false;
};

void
on_clipboard_spliced_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  ClipboardRead *read = static_cast<ClipboardRead *> (user_data);

  if (g_output_stream_splice_finish (G_OUTPUT_STREAM (source), result, NULL) >= 0)
    read->bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (source));
  read->done = true;
}

/* The local clipboard writes its pipe from the main loop: read it
 * asynchronously, or the two wait for each other. */
void
on_clipboard_read_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  ClipboardRead *read = static_cast<ClipboardRead *> (user_data);
  const char *mime_type = NULL;
  g_autoptr(GInputStream) stream = gdk_clipboard_read_finish (GDK_CLIPBOARD (source), result,
                                                              &mime_type, NULL);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  if (stream == nullptr)
    {
      read->done = true;
      return;
    }
  read->mime_type = g_strdup (mime_type);
  g_output_stream_splice_async (out, stream,
                                (GOutputStreamSpliceFlags) (G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE
                                                            | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET),
                                G_PRIORITY_DEFAULT, NULL, on_clipboard_spliced_cb, read);
}

TEST_F (ExportTest, CopyImagePutsAPngOnTheClipboard)
{
  g_autoptr(GError) error = NULL;
  LabChartOptions options;
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (view));
  const char *mime_types[] = { "image/png", NULL };
  ClipboardRead read;

  lab_chart_view_get_options (view, &options);
  ASSERT_TRUE (lab_file_actions_copy_image (GTK_WIDGET (view), comparison, &options, NULL, &error))
    << error->message;
  EXPECT_TRUE (gdk_content_formats_contain_mime_type (gdk_clipboard_get_formats (clipboard), "image/png"));
  EXPECT_TRUE (gdk_content_formats_contain_gtype (gdk_clipboard_get_formats (clipboard), GDK_TYPE_TEXTURE));

  gdk_clipboard_read_async (clipboard, mime_types, G_PRIORITY_DEFAULT, NULL, on_clipboard_read_cb, &read);
  ASSERT_TRUE (iterate_until ([&] { return read.done; }));
  ASSERT_NE (read.bytes, nullptr);
  EXPECT_STREQ (read.mime_type, "image/png");

  guint32 width = 0, height = 0;
  gsize length = 0;
  const guint8 *data = (const guint8 *) g_bytes_get_data (read.bytes, &length);
  ASSERT_TRUE (read_png_size (data, length, &width, &height));
  EXPECT_EQ (width, (guint32) gtk_widget_get_width (GTK_WIDGET (view)));
  EXPECT_EQ (height, (guint32) gtk_widget_get_height (GTK_WIDGET (view)));
  g_bytes_unref (read.bytes);
  g_free (read.mime_type);
}

/* A lesson's slide carries its title and claim by default; a workload made
 * by hand has no band until asked, and then its description. */
TEST_F (ExportTest, TheTitleBandFollowsTheLesson)
{
  LabExportDialog *dialog = make_dialog ();
  LabExportTitle title;

  EXPECT_FALSE (lab_export_dialog_get_title_band (dialog)) << "made by hand: no band";
  EXPECT_FALSE (lab_export_dialog_get_title (dialog, &title));
  lab_export_dialog_set_title_band (dialog, TRUE);
  ASSERT_TRUE (lab_export_dialog_get_title (dialog, &title));
  EXPECT_STREQ (title.title, "3 × io (3 s, 1 s, 2 s)");
  gtk_window_destroy (GTK_WINDOW (dialog));

  lab_comparison_set_lesson (comparison, "one-cook");
  dialog = make_dialog ();
  EXPECT_TRUE (lab_export_dialog_get_title_band (dialog));
  ASSERT_TRUE (lab_export_dialog_get_title (dialog, &title));
  EXPECT_STREQ (title.title, "One Cook, Three Pots");
  ASSERT_NE (title.claim, nullptr);
  EXPECT_NE (strstr (title.claim, "waits overlap"), nullptr) << title.claim;

  /* the SVG holds it as text, with the chart's labels */
  g_autoptr(GError) error = NULL;
  g_autofree char *path = path_in_dir ("slide.svg");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *svg = NULL;
  lab_export_dialog_set_format (dialog, LAB_EXPORT_DIALOG_FORMAT_SVG);
  ASSERT_TRUE (lab_export_dialog_save_to_file (dialog, file, &error)) << error->message;
  ASSERT_TRUE (g_file_get_contents (path, &svg, NULL, NULL));
  EXPECT_NE (strstr (svg, ">One Cook, Three Pots</text>"), nullptr);
  EXPECT_NE (strstr (svg, ">Sequential</text>"), nullptr);

  /* switched off: no band */
  lab_export_dialog_set_title_band (dialog, FALSE);
  ASSERT_TRUE (lab_export_dialog_save_to_file (dialog, file, &error)) << error->message;
  g_clear_pointer (&svg, g_free);
  ASSERT_TRUE (g_file_get_contents (path, &svg, NULL, NULL));
  EXPECT_EQ (strstr (svg, ">One Cook, Three Pots</text>"), nullptr);
  gtk_window_destroy (GTK_WINDOW (dialog));
  lab_comparison_set_lesson (comparison, NULL);
}

/* The size choice is shown whole, as the row's subtitle, whatever the
 * dialog's width. */
TEST_F (ExportTest, TheSizeChoiceIsNeverCut)
{
  LabExportDialog *dialog = make_dialog ();
  AdwComboRow *row = ADW_COMBO_ROW (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                                   LAB_TYPE_EXPORT_DIALOG,
                                                                   "size_row"));
  g_autofree char *screen = g_strdup_printf ("As on Screen (%d × %d)",
                                             gtk_widget_get_width (GTK_WIDGET (view)),
                                             gtk_widget_get_height (GTK_WIDGET (view)));

  ASSERT_NE (row, nullptr);
  EXPECT_TRUE (adw_combo_row_get_use_subtitle (row));
  lab_export_dialog_set_size (dialog, LAB_EXPORT_DIALOG_SIZE_SCREEN);
  EXPECT_STREQ (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), screen);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Files are named for the lesson and the day of the run. */
TEST_F (ExportTest, SuggestedNamesAreTheLessonAndTheDate)
{
  g_autoptr(GDateTime) day = g_date_time_new_local (2026, 12, 4, 22, 55, 10);

  lab_comparison_set_created (comparison, g_date_time_to_unix (day));
  g_autofree char *plain = lab_file_actions_suggest_name (comparison, NULL, "png");
  EXPECT_STREQ (plain, "comparison-2026-12-04.png");
  lab_comparison_set_lesson (comparison, "one-cook");
  g_autofree char *lesson = lab_file_actions_suggest_name (comparison, NULL, "png");
  EXPECT_STREQ (lesson, "one-cook-three-pots-2026-12-04.png");
  g_autofree char *what_if = lab_file_actions_suggest_name (comparison, "what-if", "json");
  EXPECT_STREQ (what_if, "one-cook-three-pots-what-if-2026-12-04.json");
  g_autofree char *replay = lab_file_actions_suggest_name (comparison, "what-if replay", "svg");
  EXPECT_STREQ (replay, "one-cook-three-pots-what-if-replay-2026-12-04.svg");
  lab_comparison_set_lesson (comparison, NULL);
}

struct AsyncWait
{
  GAsyncResult *result = nullptr;

  static void
  done (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
  {
    static_cast<AsyncWait *> (user_data)->result = G_ASYNC_RESULT (g_object_ref (result));
  }

  bool
  wait (void)
  {
    return iterate_until ([this] { return result != nullptr; }, 10000);
  }

  ~AsyncWait ()
  {
    g_clear_object (&result);
  }
};

TEST_F (ExportTest, TraceSavedAndOpenedShowsTheSameSummary)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = path_in_dir ("run.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *summary = lab_chart_view_dup_summary (view);
  AsyncWait saving, loading;

  lab_file_actions_save_trace (comparison, file, NULL, AsyncWait::done, &saving);
  ASSERT_TRUE (saving.wait ());
  ASSERT_TRUE (lab_file_actions_save_trace_finish (saving.result, &error)) << error->message;
  EXPECT_EQ (list_dir (dir), std::set<std::string> { "run.json" });

  lab_file_actions_load_trace (file, NULL, AsyncWait::done, &loading);
  ASSERT_TRUE (loading.wait ());
  g_autoptr(LabComparison) loaded = lab_file_actions_load_trace_finish (loading.result, &error);
  ASSERT_NE (loaded, nullptr) << error->message;

  lab_chart_view_set_comparison (view, loaded);
  g_autofree char *loaded_summary = lab_chart_view_dup_summary (view);
  EXPECT_STREQ (loaded_summary, summary);
  ASSERT_EQ (lab_comparison_get_n_traces (loaded), lab_comparison_get_n_traces (comparison));
  for (guint i = 0; i < lab_comparison_get_n_traces (loaded); i++)
    {
      g_autoptr(LabTrace) a = lab_comparison_dup_trace (comparison, i);
      g_autoptr(LabTrace) b = lab_comparison_dup_trace (loaded, i);

      EXPECT_STREQ (lab_trace_get_model_id (a), lab_trace_get_model_id (b));
      EXPECT_EQ (lab_trace_get_n_segments (a), lab_trace_get_n_segments (b));
      EXPECT_EQ (lab_trace_get_end_ns (a) - lab_trace_get_begin_ns (a),
                 lab_trace_get_end_ns (b) - lab_trace_get_begin_ns (b));
    }
}

TEST_F (ExportTest, TraceErrorsAreReturnedNamingTheFile)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = path_in_dir ("broken.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  AsyncWait loading, saving;

  ASSERT_TRUE (g_file_set_contents (path, "{ \"traceEvents\": [ ", -1, NULL));
  lab_file_actions_load_trace (file, NULL, AsyncWait::done, &loading);
  ASSERT_TRUE (loading.wait ());
  EXPECT_EQ (lab_file_actions_load_trace_finish (loading.result, &error), nullptr);
  ASSERT_NE (error, nullptr);
  EXPECT_NE (strstr (error->message, "broken.json"), nullptr) << error->message;
  g_clear_error (&error);

  /* A run that still goes on is not saved half-way. */
  g_autoptr(LabWorkload) workload = lab_workload_parse ("io 1s", NULL);
  g_autoptr(LabComparison) running = lab_comparison_new (workload, 2);
  g_autoptr(LabTrace) trace = lab_trace_new ("sequential", workload, 2);
  lab_trace_begin (trace, lab_clock_now_ns ());
  lab_comparison_add_trace (running, trace);
  g_autofree char *running_path = path_in_dir ("running.json");
  g_autoptr(GFile) running_file = g_file_new_for_path (running_path);
  lab_file_actions_save_trace (running, running_file, NULL, AsyncWait::done, &saving);
  ASSERT_TRUE (saving.wait ());
  EXPECT_FALSE (lab_file_actions_save_trace_finish (saving.result, &error));
  EXPECT_TRUE (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BUSY));
  EXPECT_FALSE (g_file_test (running_path, G_FILE_TEST_EXISTS));
  lab_trace_end (trace, lab_clock_now_ns ());
}

} // namespace
