// SPDX-License-Identifier: GPL-3.0-or-later
#include "render-test-helpers.h"

#include <csignal>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

extern "C" {
#include <glib/gstdio.h>

#include "lab-export.h"
}

using namespace render_test;

namespace {

class Export : public ::testing::Test
{
protected:
  void
  SetUp () override
  {
    GError *error = nullptr;
    dir = g_dir_make_tmp ("lab-export-XXXXXX", &error);
    ASSERT_NE (dir, nullptr) << error->message;
    comparison = make_classic ();
    lab_chart_options_init (&options, 800, 600);
  }

  void
  TearDown () override
  {
    if (dir != nullptr)
      {
        g_autofree char *quoted = g_shell_quote (dir);
        g_autofree char *cmd = g_strdup_printf ("rm -rf %s", quoted);
        EXPECT_EQ (system (cmd), 0);
      }
    g_free (dir);
    g_clear_pointer (&comparison, lab_comparison_unref);
  }

  char *
  path (const char *name)
  {
    return g_build_filename (dir, name, NULL);
  }

  /* Every name in the folder, to find left-over temporary files. */
  std::vector<std::string>
  entries ()
  {
    return folder_entries (dir);
  }

  char *dir = nullptr;
  LabComparison *comparison = nullptr;
  LabChartOptions options;
};

TEST_F (Export, PngAtScaleOneAndTwo)
{
  for (double scale : { 1.0, 2.0 })
    {
      g_autofree char *file = path ("chart.png");
      GError *error = nullptr;
      options.scale = scale;
      ASSERT_TRUE (lab_export_image (comparison, &options, LAB_EXPORT_PNG, file, &error))
        << error->message;
      cairo_surface_t *s = cairo_image_surface_create_from_png (file);
      ASSERT_EQ (cairo_surface_status (s), CAIRO_STATUS_SUCCESS);
      EXPECT_EQ (cairo_image_surface_get_width (s), 800 * scale);
      EXPECT_EQ (cairo_image_surface_get_height (s), 600 * scale);
      cairo_surface_destroy (s);
    }
  EXPECT_EQ (entries (), std::vector<std::string> { "chart.png" });
}

// A saved image is for sharing: it gets the permissions of any new file
// (0666 less the umask), not the private ones of a temporary file.
TEST_F (Export, ImagesGetTheUsualPermissions)
{
  mode_t mask = umask (022);
  for (LabExportFormat format : { LAB_EXPORT_PNG, LAB_EXPORT_SVG, LAB_EXPORT_PDF })
    {
      g_autofree char *file = path ("chart.out");
      GStatBuf st;
      ASSERT_TRUE (lab_export_image (comparison, &options, format, file, nullptr));
      ASSERT_EQ (g_stat (file, &st), 0);
      EXPECT_EQ (st.st_mode & 0777, 0644u) << lab_export_format_to_string (format);
      g_unlink (file);
    }
  umask (mask);
}

TEST_F (Export, PngPixelsMatchTheChart)
{
  g_autofree char *file = path ("chart.png");
  ASSERT_TRUE (lab_export_image (comparison, &options, LAB_EXPORT_PNG, file, nullptr));
  cairo_surface_t *exported = cairo_image_surface_create_from_png (file);
  cairo_surface_t *drawn = render (comparison, &options);
  int differ = 0;
  for (int y = 0; y < 600; y += 3)
    for (int x = 0; x < 800; x += 3)
      {
        Rgba a = pixel (exported, x, y), b = pixel (drawn, x, y);
        if (std::abs (a.r - b.r) + std::abs (a.g - b.g) + std::abs (a.b - b.b) > 6)
          differ++;
      }
  EXPECT_EQ (differ, 0);
  cairo_surface_destroy (exported);
  cairo_surface_destroy (drawn);
}

TEST_F (Export, PngBytesForTheClipboard)
{
  GError *error = nullptr;
  options.scale = 2;
  GBytes *bytes = lab_export_png_bytes (comparison, &options, NULL, &error);
  ASSERT_NE (bytes, nullptr) << error->message;
  gsize size;
  const guint8 *data = (const guint8 *) g_bytes_get_data (bytes, &size);
  ASSERT_GT (size, 8u);
  EXPECT_EQ (memcmp (data, "\x89PNG\r\n\x1a\n", 8), 0);
  g_autofree char *file = path ("clip.png");
  ASSERT_TRUE (g_file_set_contents (file, (const char *) data, size, nullptr));
  cairo_surface_t *s = cairo_image_surface_create_from_png (file);
  EXPECT_EQ (cairo_image_surface_get_width (s), 1600);
  cairo_surface_destroy (s);
  g_bytes_unref (bytes);
}

void
on_start_element (GMarkupParseContext *, const char *name, const char **, const char **,
                  gpointer user_data, GError **)
{
  auto *names = (std::vector<std::string> *) user_data;
  names->push_back (name);
}

TEST_F (Export, SvgIsWellFormedXml)
{
  g_autofree char *file = path ("chart.svg");
  GError *error = nullptr;
  ASSERT_TRUE (lab_export_image (comparison, &options, LAB_EXPORT_SVG, file, &error))
    << error->message;
  g_autofree char *text = nullptr;
  gsize length;
  ASSERT_TRUE (g_file_get_contents (file, &text, &length, nullptr));

  std::vector<std::string> names;
  GMarkupParser parser = { on_start_element, nullptr, nullptr, nullptr, nullptr };
  GMarkupParseContext *ctx = g_markup_parse_context_new (&parser, G_MARKUP_IGNORE_QUALIFIED,
                                                         &names, nullptr);
  bool ok = g_markup_parse_context_parse (ctx, text, (gssize) length, &error)
            && g_markup_parse_context_end_parse (ctx, &error);
  EXPECT_TRUE (ok) << (error != nullptr ? error->message : "");
  g_clear_error (&error);
  g_markup_parse_context_free (ctx);
  ASSERT_FALSE (names.empty ());
  EXPECT_EQ (names[0], "svg");
  EXPECT_NE (strstr (text, "width=\"800"), nullptr);

  g_autofree char *xmllint = g_find_program_in_path ("xmllint");
  if (xmllint != nullptr)
    {
      g_autofree char *quoted = g_shell_quote (file);
      g_autofree char *cmd = g_strdup_printf ("xmllint --noout %s", quoted);
      EXPECT_EQ (system (cmd), 0);
    }
}

TEST_F (Export, PdfHasOnePage)
{
  g_autofree char *file = path ("chart.pdf");
  GError *error = nullptr;
  ASSERT_TRUE (lab_export_image (comparison, &options, LAB_EXPORT_PDF, file, &error))
    << error->message;
  g_autofree char *text = nullptr;
  gsize length;
  ASSERT_TRUE (g_file_get_contents (file, &text, &length, nullptr));
  ASSERT_GT (length, 5u);
  EXPECT_EQ (memcmp (text, "%PDF-", 5), 0);

  g_autofree char *pdfinfo = g_find_program_in_path ("pdfinfo");
  if (pdfinfo == nullptr)
    GTEST_SKIP () << "pdfinfo (poppler-utils) is not installed";
  const char *argv[] = { pdfinfo, file, nullptr };
  g_autofree char *out = nullptr;
  int status = -1;
  ASSERT_TRUE (g_spawn_sync (nullptr, (char **) argv, nullptr, G_SPAWN_DEFAULT, nullptr, nullptr,
                             &out, nullptr, &status, nullptr));
  EXPECT_TRUE (g_spawn_check_wait_status (status, nullptr));
  g_autoptr (GRegex) pages = g_regex_new ("^Pages:\\s+1$", G_REGEX_MULTILINE, (GRegexMatchFlags) 0, nullptr);
  EXPECT_TRUE (g_regex_match (pages, out, (GRegexMatchFlags) 0, nullptr)) << out;
}

TEST_F (Export, ReplacingKeepsOnlyTheNewFile)
{
  g_autofree char *file = path ("chart.png");
  ASSERT_TRUE (g_file_set_contents (file, "old", -1, nullptr));
  ASSERT_TRUE (lab_export_image (comparison, &options, LAB_EXPORT_PNG, file, nullptr));
  g_autofree char *text = nullptr;
  ASSERT_TRUE (g_file_get_contents (file, &text, nullptr, nullptr));
  EXPECT_EQ (memcmp (text, "\x89PNG", 4), 0);
  EXPECT_EQ (entries (), std::vector<std::string> { "chart.png" });
}

TEST_F (Export, MissingFolderSaysWhy)
{
  g_autofree char *file = path ("no-such-folder/chart.png");
  GError *error = nullptr;
  EXPECT_FALSE (lab_export_image (comparison, &options, LAB_EXPORT_PNG, file, &error));
  ASSERT_NE (error, nullptr);
  EXPECT_TRUE (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)) << error->message;
  EXPECT_NE (strstr (error->message, file), nullptr) << error->message;
  g_clear_error (&error);
  EXPECT_TRUE (entries ().empty ());
}

TEST_F (Export, FolderThatIsAFileSaysWhy)
{
  /* Root may write anywhere; a path under a plain file fails for everyone. */
  g_autofree char *plain = path ("plain");
  ASSERT_TRUE (g_file_set_contents (plain, "x", -1, nullptr));
  g_autofree char *file = path ("plain/chart.svg");
  GError *error = nullptr;
  EXPECT_FALSE (lab_export_image (comparison, &options, LAB_EXPORT_SVG, file, &error));
  ASSERT_NE (error, nullptr);
  EXPECT_NE (strstr (error->message, file), nullptr) << error->message;
  g_clear_error (&error);
  EXPECT_EQ (entries (), std::vector<std::string> { "plain" });
}

TEST_F (Export, UnwritableFolderLeavesTheFileUnchanged)
{
  if (geteuid () == 0)
    GTEST_SKIP () << "root writes into read-only folders; the failed write below covers this";
  g_autofree char *file = path ("chart.png");
  ASSERT_TRUE (g_file_set_contents (file, "old", -1, nullptr));
  ASSERT_EQ (g_chmod (dir, 0500), 0);
  GError *error = nullptr;
  EXPECT_FALSE (lab_export_image (comparison, &options, LAB_EXPORT_PNG, file, &error));
  ASSERT_NE (error, nullptr);
  EXPECT_TRUE (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED)) << error->message;
  g_clear_error (&error);
  g_chmod (dir, 0700);
  g_autofree char *text = nullptr;
  ASSERT_TRUE (g_file_get_contents (file, &text, nullptr, nullptr));
  EXPECT_STREQ (text, "old");
  EXPECT_EQ (entries (), std::vector<std::string> { "chart.png" });
}

TEST_F (Export, FailedWriteLeavesTheFileUnchangedAndNoTemporary)
{
  /* A file size limit makes write() fail part-way, as a full disk does. */
  g_autofree char *file = path ("chart.pdf");
  ASSERT_TRUE (g_file_set_contents (file, "old", -1, nullptr));
  struct rlimit saved, small;
  ASSERT_EQ (getrlimit (RLIMIT_FSIZE, &saved), 0);
  small = saved;
  small.rlim_cur = 2000;
  auto previous = signal (SIGXFSZ, SIG_IGN);
  ASSERT_EQ (setrlimit (RLIMIT_FSIZE, &small), 0);
  GError *error = nullptr;
  gboolean ok = lab_export_image (comparison, &options, LAB_EXPORT_PDF, file, &error);
  setrlimit (RLIMIT_FSIZE, &saved);
  signal (SIGXFSZ, previous);

  EXPECT_FALSE (ok);
  ASSERT_NE (error, nullptr);
  EXPECT_NE (strstr (error->message, file), nullptr) << error->message;
  g_clear_error (&error);
  g_autofree char *text = nullptr;
  ASSERT_TRUE (g_file_get_contents (file, &text, nullptr, nullptr));
  EXPECT_STREQ (text, "old");
  EXPECT_EQ (entries (), std::vector<std::string> { "chart.pdf" });
}

TEST_F (Export, RenameOntoAFolderFailsCleanly)
{
  g_autofree char *target = path ("chart.png");
  g_autofree char *inside = path ("chart.png/keep");
  ASSERT_EQ (g_mkdir (target, 0700), 0);
  ASSERT_TRUE (g_file_set_contents (inside, "keep", -1, nullptr));
  GError *error = nullptr;
  EXPECT_FALSE (lab_export_image (comparison, &options, LAB_EXPORT_PNG, target, &error));
  ASSERT_NE (error, nullptr);
  EXPECT_NE (strstr (error->message, target), nullptr) << error->message;
  g_clear_error (&error);
  EXPECT_TRUE (g_file_test (inside, G_FILE_TEST_IS_REGULAR));
  EXPECT_EQ (entries (), std::vector<std::string> { "chart.png" });
}

TEST (ExportFormat, FromStringAndPath)
{
  LabExportFormat f;
  EXPECT_TRUE (lab_export_format_from_string ("PNG", &f));
  EXPECT_EQ (f, LAB_EXPORT_PNG);
  EXPECT_TRUE (lab_export_format_from_string ("svg", &f));
  EXPECT_EQ (f, LAB_EXPORT_SVG);
  EXPECT_FALSE (lab_export_format_from_string ("jpeg", &f));
  EXPECT_STREQ (lab_export_format_to_string (LAB_EXPORT_PDF), "pdf");

  GError *error = nullptr;
  EXPECT_TRUE (lab_export_format_from_path ("slides/chart.Pdf", &f, &error));
  EXPECT_EQ (f, LAB_EXPORT_PDF);
  EXPECT_FALSE (lab_export_format_from_path ("chart.jpg", &f, &error));
  ASSERT_NE (error, nullptr);
  EXPECT_NE (strstr (error->message, "jpg"), nullptr) << error->message;
  g_clear_error (&error);
  EXPECT_FALSE (lab_export_format_from_path ("chart", &f, &error));
  ASSERT_NE (error, nullptr);
  g_clear_error (&error);
  EXPECT_FALSE (lab_export_format_from_path (".png", &f, &error));
  g_clear_error (&error);
}

TEST_F (Export, TooLargeAnImageIsAnErrorNotACrash)
{
  g_autofree char *file = path ("chart.png");
  GError *error = nullptr;
  options.width = 100000;
  EXPECT_FALSE (lab_export_image (comparison, &options, LAB_EXPORT_PNG, file, &error));
  ASSERT_NE (error, nullptr);
  g_clear_error (&error);
  EXPECT_TRUE (entries ().empty ());
}

}  // namespace

namespace {

struct Collected
{
  std::vector<LabChartTextLine> lines;
  std::vector<std::string> texts;
};

void
collect_line (const LabChartTextLine *line, gpointer data)
{
  Collected *c = static_cast<Collected *> (data);

  c->lines.push_back (*line);
  c->texts.emplace_back (line->text, line->length);
}

std::string
read_text (const char *file)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (file, &contents, &length, NULL))
    return "";
  return std::string (contents, length);
}

/* The lesson's title and claim go in a band above the chart, as text
 * reported like every other line; the chart starts under the band. */
TEST_F (Export, ASlideCarriesItsTitleAndClaimAboveTheChart)
{
  LabExportTitle title = { "One Cook, Three Pots", "The waits overlap, so three waits take as long "
                                                   "as the longest, not their sum." };
  Collected with, without;
  LabChartOptions o = options;
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 800, 600);
  cairo_t *cr = cairo_create (s);
  double band_bottom = 0, chart_top = 1e9;

  o.text_func = collect_line;
  o.text_data = &with;
  lab_export_draw (cr, comparison, &o, &title);
  o.text_data = &without;
  lab_export_draw (cr, comparison, &o, NULL);
  cairo_destroy (cr);
  cairo_surface_destroy (s);

  ASSERT_GE (with.texts.size (), 2u);
  EXPECT_EQ (with.texts[0], title.title);
  EXPECT_TRUE (with.lines[0].bold);
  EXPECT_EQ (with.texts[1], title.claim);
  EXPECT_LT (with.lines[1].size_px, with.lines[0].size_px);
  EXPECT_EQ (without.texts.size () + 2, with.texts.size ()) << "the chart's own text stays";
  for (size_t i = 0; i < 2; i++)
    {
      band_bottom = MAX (band_bottom, with.lines[i].y + with.lines[i].height);
      EXPECT_GE (with.lines[i].x, 0);
      EXPECT_LE (with.lines[i].x + with.lines[i].width, 800);
    }
  for (size_t i = 2; i < with.lines.size (); i++)
    chart_top = MIN (chart_top, with.lines[i].y);
  EXPECT_LE (band_bottom, chart_top) << "the band's text never overlaps the chart's";
  /* the chart is drawn lower by the band, in the same order */
  EXPECT_GT (with.lines[2].y, without.lines[0].y);
  EXPECT_EQ (with.texts[2], without.texts[0]);

  /* a title longer than the slide is cut with an ellipsis, never beyond it */
  std::string longer (400, 'W');
  LabExportTitle long_title = { longer.c_str (), NULL };
  Collected cut;
  o.text_data = &cut;
  s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 800, 600);
  cr = cairo_create (s);
  lab_export_draw (cr, comparison, &o, &long_title);
  cairo_destroy (cr);
  cairo_surface_destroy (s);
  ASSERT_FALSE (cut.lines.empty ());
  EXPECT_TRUE (cut.lines[0].ellipsized);
  EXPECT_LE (cut.lines[0].x + cut.lines[0].width, 800 + 0.5);
}

/* SVG keeps text as text: every label of the chart and of the band is a
 * <text> element, and no glyph is drawn as an outline. */
TEST_F (Export, SvgKeepsItsLabelsAsText)
{
  g_autofree char *file = path ("slide.svg");
  LabExportTitle title = { "A <title> & more", "One sentence." };
  Collected drawn;
  LabChartOptions o = options;
  GError *error = nullptr;

  ASSERT_TRUE (lab_export_slide (comparison, &options, &title, LAB_EXPORT_SVG, file, &error))
    << error->message;
  std::string svg = read_text (file);
  EXPECT_EQ (svg.find ("glyph"), std::string::npos) << "text drawn as outlines";
  EXPECT_NE (svg.find (">A &lt;title&gt; &amp; more</text>"), std::string::npos);
  EXPECT_NE (svg.find (">One sentence.</text>"), std::string::npos);
  EXPECT_NE (svg.find (">Sequential</text>"), std::string::npos);
  EXPECT_NE (svg.find (">Task 1</text>"), std::string::npos);
  EXPECT_NE (svg.find ("font-family=\"Cantarell"), std::string::npos);

  /* as many text elements as lines of text the picture has */
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 800, 600);
  cairo_t *cr = cairo_create (s);
  o.text_func = collect_line;
  o.text_data = &drawn;
  lab_export_draw (cr, comparison, &o, &title);
  cairo_destroy (cr);
  cairo_surface_destroy (s);
  size_t n = 0;
  for (size_t at = svg.find ("<text "); at != std::string::npos; at = svg.find ("<text ", at + 1))
    n++;
  EXPECT_EQ (n, drawn.lines.size ());

  /* still well-formed with the text in it */
  g_autofree char *quoted = g_shell_quote (file);
  g_autofree char *cmd = g_strdup_printf ("xmllint --noout %s", quoted);
  g_autofree char *xmllint_path = g_find_program_in_path ("xmllint");
  if (xmllint_path != NULL)
    {
      EXPECT_EQ (system (cmd), 0);
    }
}

/* PDF text stays text: pdftotext finds the title and a label. */
TEST_F (Export, PdfTextIsSelectable)
{
  g_autofree char *file = path ("slide.pdf");
  g_autofree char *txt = path ("slide.txt");
  LabExportTitle title = { "One Cook, Three Pots", "Waits overlap." };

  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");

  if (pdftotext == NULL)
    GTEST_SKIP () << "pdftotext (poppler-utils) is not installed";
  ASSERT_TRUE (lab_export_slide (comparison, &options, &title, LAB_EXPORT_PDF, file, nullptr));
  g_autofree char *cmd = g_strdup_printf ("pdftotext '%s' '%s'", file, txt);
  ASSERT_EQ (system (cmd), 0);
  std::string text = read_text (txt);
  EXPECT_NE (text.find ("One Cook, Three Pots"), std::string::npos) << text;
  EXPECT_NE (text.find ("Waits overlap."), std::string::npos) << text;
  EXPECT_NE (text.find ("Sequential"), std::string::npos) << text;
}

} // namespace
