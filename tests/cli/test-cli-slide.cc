// SPDX-License-Identifier: GPL-3.0-or-later
// Slides from the command line: the lesson's title and claim above the
// chart (--title, --no-title), text that stays text in SVG and PDF, and a
// what-if pair saved as one trace and drawn again as the pair.
#include "cli-test-helpers.h"

using namespace cli_test;

namespace {

const char *TITLE = "One Cook, Three Pots";
const char *CLAIM_START = "Concurrency is dealing with many things at once";

bool
have_pdftotext ()
{
  g_autofree char *path = g_find_program_in_path ("pdftotext");

  return path != nullptr;
}

std::string
pdf_text (const std::string &pdf)
{
  std::string txt = pdf + ".txt";
  g_autofree char *cmd = g_strdup_printf ("pdftotext '%s' '%s'", pdf.c_str (), txt.c_str ());
  EXPECT_EQ (system (cmd), 0);
  std::string text = read_file (txt);
  g_unlink (txt.c_str ());
  return text;
}

/* pdftotext breaks lines where the slide wraps them: compare words. */
std::string
squeeze (std::string text)
{
  std::replace (text.begin (), text.end (), '\n', ' ');
  return text;
}

class Slide : public SavedTraceTest {};

/* The issue's own case: a lesson run to a PDF carries its title and claim
 * as text; --no-title leaves them out; render of the saved run remembers
 * the lesson. */
TEST_F (Slide, ALessonsPdfHoldsItsTitleAndClaimAsText)
{
  if (!have_pdftotext ())
    GTEST_SKIP () << "pdftotext (poppler-utils) is not installed";
  std::string slide = dir->file ("slide.pdf"), lesson = dir->file ("lesson.json");
  Result r = run ({ "run", "--preset", "one-cook", "-o", slide, "--trace", lesson,
                    "--summary", "none" });
  ASSERT_EQ (r.status, 0) << r.err;
  std::string text = squeeze (pdf_text (slide));
  EXPECT_EQ (text.find (TITLE), 0u) << text.substr (0, 200);
  EXPECT_NE (text.find (CLAIM_START), std::string::npos) << text.substr (0, 300);

  r = run ({ "render", lesson, "-o", dir->file ("plain.pdf"), "--no-title" });
  ASSERT_EQ (r.status, 0) << r.err;
  text = squeeze (pdf_text (dir->file ("plain.pdf")));
  EXPECT_EQ (text.find (TITLE), std::string::npos) << text.substr (0, 200);
  EXPECT_EQ (text.find (CLAIM_START), std::string::npos);
  EXPECT_NE (text.find ("Sequential"), std::string::npos) << "the chart's text is still there";

  r = run ({ "render", lesson, "-o", dir->file ("again.pdf") });
  ASSERT_EQ (r.status, 0) << r.err;
  text = squeeze (pdf_text (dir->file ("again.pdf")));
  EXPECT_EQ (text.find (TITLE), 0u) << "the trace remembers its lesson";
}

/* A workload made by hand has no band unless asked for; then its title is
 * the workload. */
TEST_F (Slide, AHandMadeWorkloadGetsABandOnlyWhenAsked)
{
  if (!have_pdftotext ())
    GTEST_SKIP () << "pdftotext (poppler-utils) is not installed";
  Result r = run ({ "render", trace, "-o", dir->file ("plain.pdf") });
  ASSERT_EQ (r.status, 0) << r.err;
  std::string plain = squeeze (pdf_text (dir->file ("plain.pdf")));
  r = run ({ "render", trace, "-o", dir->file ("titled.pdf"), "--title" });
  ASSERT_EQ (r.status, 0) << r.err;
  std::string titled = squeeze (pdf_text (dir->file ("titled.pdf")));
  const std::string workload = "3 × io (30 ms, 10 ms, 20 ms)";
  auto count = [&workload] (const std::string &text) {
    size_t n = 0;
    for (size_t at = text.find (workload); at != std::string::npos; at = text.find (workload, at + 1))
      n++;
    return n;
  };
  EXPECT_EQ (titled.find (workload), 0u) << titled.substr (0, 120);
  EXPECT_EQ (count (plain), 1u) << "the stamp only: " << plain.substr (0, 120);
  EXPECT_EQ (count (titled), 2u) << "the title and the stamp: " << titled.substr (0, 160);
}

TEST_F (Slide, TitleOptionsAreCheckedLikeEveryOther)
{
  Result r = run ({ "render", trace, "-o", dir->file ("x.png"), "--title", "--no-title" });
  EXPECT_EQ (r.status, 2) << r.err;
  EXPECT_NE (r.err.find ("--no-title"), std::string::npos) << r.err;
  r = run ({ "run", "--durations", "10ms", "--models", "sequential", "--title" });
  EXPECT_EQ (r.status, 2) << r.err;
  EXPECT_NE (r.err.find ("--title"), std::string::npos) << r.err;
  EXPECT_FALSE (exists (dir->file ("x.png")));
  r = run ({ "run", "--help" });
  EXPECT_NE (r.out.find ("--no-title"), std::string::npos);
}

/* SVG keeps its labels as <text>, not as glyph outlines. */
TEST_F (Slide, SvgLabelsAreText)
{
  Result r = run ({ "render", trace, "-o", dir->file ("chart.svg"), "--title" });
  ASSERT_EQ (r.status, 0) << r.err;
  std::string svg = read_file (dir->file ("chart.svg"));
  EXPECT_EQ (svg.find ("glyph"), std::string::npos);
  EXPECT_NE (svg.find (">Sequential</text>"), std::string::npos);
  EXPECT_NE (svg.find (">3 × io (30 ms, 10 ms, 20 ms)</text>"), std::string::npos);
}

/* A what-if run with --trace keeps the run before in the same file, and
 * render draws the pair from that one file as it does with --baseline. */
TEST_F (Slide, AWhatIfPairIsOneTraceAndDrawsAsThePair)
{
  const std::vector<std::string> small = { "run", "--kind", "cpu", "--tasks", "2", "--duration",
                                           "30ms", "--models", "sequential,threads",
                                           "--summary", "none" };
  std::vector<std::string> before = small, after = small;
  before.insert (before.end (), { "--trace", dir->file ("before.json") });
  ASSERT_EQ (run (before).status, 0);
  after.insert (after.end (), { "--cores", "1", "--baseline", dir->file ("before.json"),
                                "--trace", dir->file ("pair.json") });
  Result r = run (after);
  ASSERT_EQ (r.status, 0) << r.err;
  EXPECT_NE (read_file (dir->file ("pair.json")).find ("\"baseline\":"), std::string::npos);

  r = run ({ "render", dir->file ("pair.json"), "-o", dir->file ("pair.png"), "--size", "960x540" });
  ASSERT_EQ (r.status, 0) << r.err;
  r = run ({ "render", dir->file ("pair.json"), "--baseline", dir->file ("before.json"),
             "-o", dir->file ("named.png"), "--size", "960x540" });
  ASSERT_EQ (r.status, 0) << r.err;
  EXPECT_EQ (read_file (dir->file ("pair.png")), read_file (dir->file ("named.png")))
    << "one file draws the same pair as two";

  r = run ({ "render", dir->file ("pair.json"), "--animate", dir->file ("pair.svg") });
  ASSERT_EQ (r.status, 0) << r.err;
  std::string svg = read_file (dir->file ("pair.svg"));
  size_t columns = 0;
  for (size_t at = svg.find ("<g transform=\"translate("); at != std::string::npos;
       at = svg.find ("<g transform=\"translate(", at + 1))
    columns++;
  EXPECT_EQ (columns, 2u) << "both runs play";
}

}  // namespace
