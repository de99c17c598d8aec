// SPDX-License-Identifier: GPL-3.0-or-later
// Every lesson, measured (at a small scale) and drawn at 1920×1080,
// 1280×720 and 960×540, alone and as a what-if pair: no line of text
// covers another or leaves the image, only the layers chosen are drawn, and
// a handful of tasks keeps a lane each.
#include "render-test-helpers.h"

#include <map>
#include <memory>

extern "C" {
#include "lab-chart-layer-private.h"
#include "lab-affinity.h"
#include "lab-cpu-monitor.h"
#include "lab-cpu.h"
#include "lab-preset.h"
#include "lab-run-entry.h"
#include "lab-runner.h"
}

using namespace render_test;

namespace {

/* The lessons' durations scaled by this: the same shapes, quickly. */
constexpr double SCALE = 0.04;

LabComparison *
run_lesson (const LabPreset *preset, guint core_limit)
{
  /* the lesson as the window and the command line run it */
  g_autoptr (LabRunPlan) lesson = lab_preset_dup_plan (preset, lab_cpu_count (), SCALE);
  GError *error = nullptr;

  EXPECT_NE (lesson, nullptr) << preset->id;
  if (lesson == nullptr)
    return nullptr;
  if (core_limit > 0)
    {
      EXPECT_TRUE (lab_affinity_check_limit (core_limit, nullptr));
    }
  g_autoptr (LabRunPlan) plan = lab_run_plan_with_core_limit (lesson, core_limit);
  g_autoptr (LabRunner) runner = lab_runner_new_for_plan (plan);
  if (g_getenv ("LAB_WORKER_PATH") != nullptr)
    lab_runner_set_worker_path (runner, g_getenv ("LAB_WORKER_PATH"));
  LabComparison *c = lab_runner_run_sync (runner, nullptr, &error);
  EXPECT_NE (c, nullptr) << preset->id << ": " << (error != nullptr ? error->message : "");
  g_clear_error (&error);
  return c;
}

struct Runs
{
  LabComparison *run = nullptr;
  LabComparison *what_if = nullptr;   /* the same lesson again, on one core */
};

std::map<std::string, Runs> all_runs;

/* Each lesson is run once for the whole suite, and let go at its end. */
std::map<std::string, Runs> &
runs ()
{
  if (all_runs.empty ())
    for (guint i = 0; i < lab_preset_get_n (); i++)
      {
        const LabPreset *preset = lab_preset_get (i);
        all_runs[preset->id] = { run_lesson (preset, 0), run_lesson (preset, 1) };
      }
  return all_runs;
}

class ReleaseRuns : public ::testing::Environment
{
public:
  void
  TearDown () override
  {
    for (auto &entry : all_runs)
      {
        g_clear_pointer (&entry.second.run, lab_comparison_unref);
        g_clear_pointer (&entry.second.what_if, lab_comparison_unref);
      }
    all_runs.clear ();
  }
};

const auto *release_runs = ::testing::AddGlobalTestEnvironment (new ReleaseRuns);

/* Lines of text drawn, and every pair that overlaps or any that leaves
 * the image, described. */
std::vector<std::string>
text_faults (LabComparison *c, LabChartOptions o)
{
  TextLines lines;
  std::vector<std::string> faults;
  /* glyph boxes touch where lines are set one under another: a hair is no overlap */
  const double hair = 0.5;

  o.text_func = collect_text;
  o.text_data = &lines;
  o.text_hidden = TRUE;
  cairo_surface_destroy (render (c, &o));
  for (gsize i = 0; i < lines.boxes.size (); i++)
    {
      const LabChartTextLine &a = lines.boxes[i];

      if (a.x < -hair || a.y < -hair || a.x + a.width > o.width + hair
          || a.y + a.height > o.height + hair)
        faults.push_back ("“" + lines.texts[i] + "” leaves the image");
      for (gsize j = i + 1; j < lines.boxes.size (); j++)
        {
          const LabChartTextLine &b = lines.boxes[j];
          double w = MIN (a.x + a.width, b.x + b.width) - MAX (a.x, b.x);
          double h = MIN (a.y + a.height, b.y + b.height) - MAX (a.y, b.y);

          if (w > hair && h > hair && a.width > 0 && b.width > 0)
            faults.push_back ("“" + lines.texts[i] + "” covers “" + lines.texts[j] + "”");
        }
    }
  return faults;
}

std::string
join (const std::vector<std::string> &faults)
{
  std::string out;
  for (const std::string &f : faults)
    out += "\n  " + f;
  return out;
}

struct Size
{
  double w, h;
};

const Size sizes[] = { { 1920, 1080 }, { 1280, 720 }, { 960, 540 } };

class Lessons : public ::testing::TestWithParam<guint>
{
protected:
  const LabPreset *preset = lab_preset_get (GetParam ());
  LabChartLayers   lesson_layers = LAB_CHART_LAYERS_NONE;

  void
  SetUp () override
  {
    ASSERT_TRUE (lab_chart_layers_parse (lab_preset_get_layers (preset), &lesson_layers, nullptr));
    ASSERT_NE (runs ()[preset->id].run, nullptr);
  }
};

TEST_P (Lessons, NoTextCoversAnotherOrLeavesTheImage)
{
  Runs &r = runs ()[preset->id];

  for (LabChartLayers layers : { lesson_layers, LAB_CHART_LAYERS_ALL })
    for (const Size &size : sizes)
      {
        LabChartOptions o;
        lab_chart_options_init (&o, size.w, size.h);
        o.layers = layers;
        std::vector<std::string> faults = text_faults (r.run, o);
        EXPECT_TRUE (faults.empty ()) << preset->id << " at " << size.w << "×" << size.h
                                      << (layers == LAB_CHART_LAYERS_ALL ? ", every layer" : "")
                                      << join (faults);

        o.baseline = r.run;
        faults = text_faults (r.what_if, o);
        EXPECT_TRUE (faults.empty ()) << preset->id << " as a what-if pair at " << size.w << "×"
                                      << size.h
                                      << (layers == LAB_CHART_LAYERS_ALL ? ", every layer" : "")
                                      << join (faults);
      }
}

TEST_P (Lessons, OnlyTheChosenLayersAreDrawnAndAHandfulOfTasksKeepsALaneEach)
{
  Runs &r = runs ()[preset->id];

  for (const Size &size : sizes)
    for (bool what_if : { false, true })
      for (bool replaying : { false, true })
        {
          LabChartOptions o;
          lab_chart_options_init (&o, size.w, size.h);
          o.layers = lesson_layers;
          o.replaying = replaying;
          if (what_if)
            o.baseline = r.run;
          LabChartColumn column;
          LabComparison *c = r.what_if;
          if (!what_if || lab_chart_what_if_get_column (r.what_if, &o, 1, &column))
            {
              if (what_if)
                o = column.options;
              g_autoptr (LabChartLayout) layout = _lab_chart_layout_new (c, &o);

              for (guint i = 0; i < layout->n_panels; i++)
                {
                  const LabChartPanel *p = &layout->panels[i];

                  EXPECT_TRUE (p->drawn) << preset->id;
                  if (p->error != nullptr)
                    continue;
                  for (guint b = 0; b < p->n_bands; b++)
                    {
                      const char *id = p->bands[b].klass->id;
                      LabChartLayers one = LAB_CHART_LAYERS_NONE;

                      if (id == nullptr)
                        continue;
                      ASSERT_TRUE (lab_chart_layers_parse (id, &one, nullptr));
                      EXPECT_TRUE (lesson_layers & one) << preset->id << " draws " << id;
                    }
                  if (p->n_tasks <= 16)
                    {
                      EXPECT_EQ (p->tasks_per_row, 1u)
                          << preset->id << ": " << p->n_tasks << " tasks share lanes at "
                          << size.w << "×" << size.h << (what_if ? " in a what-if" : "")
                          << (replaying ? " replaying" : "");
                    }
                }
            }
        }
}

INSTANTIATE_TEST_SUITE_P (Presets, Lessons, ::testing::Range (0u, lab_preset_get_n ()),
                          [] (const ::testing::TestParamInfo<guint> &info) {
                            std::string id = lab_preset_get (info.param)->id;
                            std::replace (id.begin (), id.end (), '-', '_');
                            return id;
                          });

}  // namespace
