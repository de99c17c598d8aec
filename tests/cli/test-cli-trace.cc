// SPDX-License-Identifier: GPL-3.0-or-later
// `concurrency-lab trace`: the real sample programs of docs/samples under
// Debian's python3 and make, and what each picture must show.
#include "cli-test-helpers.h"

#include <json-glib/json-glib.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <set>

extern "C" {
#include "lab-observed.h"
#include "lab-trace-json.h"
}

using namespace cli_test;

namespace {

std::string
python ()
{
  const char *p = g_getenv ("LAB_TEST_PYTHON");
  return p != nullptr ? p : "/usr/bin/python3";
}

std::string
sample (const char *name)
{
  const char *dir = g_getenv ("LAB_SAMPLES");
  g_autofree char *path = g_build_filename (dir != nullptr ? dir : ".", name, nullptr);
  return path;
}

struct Span
{
  gint64 begin, end;
};

// One lane of a traced program, from the saved trace.
struct Lane
{
  std::string         name;
  LabObservedKind     kind;
  gint32              pid = 0;
  gint32              tid = 0;
  gint64              state[LAB_N_STATES] = { 0 };
  std::vector<Span>   running;
  std::vector<Span>   runnable;   // running or ready: it could use a core
  std::vector<gint16> cores;
  gint64              first = G_MAXINT64, last = 0;
};

struct Traced
{
  Result            result;
  double            others = 0;    // cores taken by other programs, on average
  gint64            elapsed = 0;
  gint32            root = 0;
  std::vector<Lane> lanes;
  std::map<gint32, std::pair<gint64, gint64>> memory;  // pid -> peak RSS, PSS
};

// The cores the whole machine kept busy, on average, from /proc/stat.
double
busy_cores (LabTrace *trace)
{
  double busy = 0;

  for (guint c = 0; c < lab_trace_get_n_utilization_cores (trace); c++)
    {
      g_autoptr(GArray) samples = lab_trace_copy_utilization (trace, c);
      double sum = 0;

      for (guint i = 0; i < samples->len; i++)
        sum += g_array_index (samples, LabUtilSample, i).busy;
      busy += samples->len > 0 ? sum / samples->len : 0;
    }
  return busy;
}

// Runs the command under `trace`, saving the trace, and reads it back.
Traced
trace (const std::vector<std::string> &command, const std::vector<std::string> &options = {})
{
  TempDir dir;
  std::string file = dir.file ("t.json");
  std::vector<std::string> args = { "trace", "--trace", file };
  Traced t;

  args.insert (args.end (), options.begin (), options.end ());
  args.push_back ("--");
  args.insert (args.end (), command.begin (), command.end ());
  t.result = run (args);
  g_autoptr(GError) error = nullptr;
  g_autoptr(LabComparison) c = lab_trace_json_load (file.c_str (), &error);
  if (c == nullptr)
    {
      ADD_FAILURE () << "no trace: " << (error ? error->message : "") << "\n" << t.result.err;
      return t;
    }
  g_autoptr(LabTrace) trace = lab_comparison_dup_trace (c, 0);
  LabObserved *roster = lab_trace_get_observed (trace);
  g_autoptr(GArray) segs = lab_trace_copy_segments (trace);
  g_autoptr(GArray) rss_peaks = lab_observed_dup_counter_peaks (roster, LAB_OBSERVED_COUNTER_RSS);
  g_autoptr(GArray) pss_peaks = lab_observed_dup_counter_peaks (roster, LAB_OBSERVED_COUNTER_PSS);
  LabObservedProcess root;

  t.elapsed = lab_trace_get_end_ns (trace) - lab_trace_get_begin_ns (trace);
  t.others = busy_cores (trace) - (double) lab_trace_get_cpu_ns (trace) / (double) t.elapsed;
  if (lab_observed_copy_process (roster, 0, &root))
    {
      t.root = root.pid;
      lab_observed_process_clear (&root);
    }
  for (guint i = 0; i < lab_observed_get_n_processes (roster); i++)
    {
      LabObservedProcess p;

      if (!lab_observed_copy_process (roster, i, &p))
        break;
      t.memory[p.pid] = { g_array_index (rss_peaks, gint64, i), g_array_index (pss_peaks, gint64, i) };
      lab_observed_process_clear (&p);
    }
  for (guint32 k = 0; k < lab_trace_get_n_tasks (trace); k++)
    {
      LabObservedTask task;
      LabObservedProcess p;
      Lane lane;

      lab_observed_copy_task (roster, k, &task);
      lab_observed_copy_process (roster, task.process, &p);
      lane.name = task.name;
      lane.kind = task.kind;
      lane.tid = task.tid;
      lane.pid = p.pid;
      lab_observed_task_clear (&task);
      lab_observed_process_clear (&p);
      t.lanes.push_back (lane);
    }
  for (guint i = 0; i < segs->len; i++)
    {
      const LabSegment *s = &g_array_index (segs, LabSegment, i);
      Lane &lane = t.lanes[s->task];

      lane.state[s->state] += s->end_ns - s->begin_ns;
      lane.first = MIN (lane.first, s->begin_ns);
      lane.last = MAX (lane.last, s->end_ns);
      if (s->state == LAB_STATE_RUNNING)
        {
          lane.running.push_back ({ s->begin_ns, s->end_ns });
          lane.cores.push_back (s->core);
        }
      if (s->state == LAB_STATE_RUNNING || s->state == LAB_STATE_READY)
        lane.runnable.push_back ({ s->begin_ns, s->end_ns });
    }
  for (Lane &lane : t.lanes)
    std::sort (lane.runnable.begin (), lane.runnable.end (),
               [] (const Span &x, const Span &y) { return x.begin < y.begin; });
  return t;
}

// The lanes outside the program's first process that did most of the
// computing: the busiest, and those that ran at least half as long.
std::vector<const Lane *>
busiest_children (const Traced &t)
{
  std::vector<const Lane *> lanes;
  gint64 most = 0;

  for (const Lane &lane : t.lanes)
    if (lane.pid != t.root)
      most = MAX (most, lane.state[LAB_STATE_RUNNING]);
  for (const Lane &lane : t.lanes)
    if (lane.pid != t.root && most > 0 && lane.state[LAB_STATE_RUNNING] >= most / 2)
      lanes.push_back (&lane);
  return lanes;
}

// For a failure message: every lane and what it did.
std::string
describe (const Traced &t)
{
  std::string text;

  for (const Lane &lane : t.lanes)
    {
      g_autofree char *line = g_strdup_printf ("pid %d tid %d %s: running %.3f s, ready %.3f s, "
                                               "lock %.3f s, waits %.3f s\n",
                                               lane.pid, lane.tid, lane.name.c_str (),
                                               lane.state[LAB_STATE_RUNNING] / 1e9,
                                               lane.state[LAB_STATE_READY] / 1e9,
                                               lane.state[LAB_STATE_WAITING_LOCK] / 1e9,
                                               lane.state[LAB_STATE_WAITING_IO] / 1e9);
      text += line;
    }
  return text;
}

gint64
sum (const std::vector<Span> &spans)
{
  gint64 total = 0;
  for (const Span &s : spans)
    total += s.end - s.begin;
  return total;
}

// Time during which both lists of spans cover.
gint64
overlap (const std::vector<Span> &a, const std::vector<Span> &b)
{
  gint64 both = 0;

  for (const Span &x : a)
    for (const Span &y : b)
      both += MAX (0, MIN (x.end, y.end) - MAX (x.begin, y.begin));
  return both;
}

// Two lanes that compute in parallel: neither waits for a lock or
// anything else, both could use a core at the same time nearly all along
// (on a machine busy with other programs they wait for one, `ready`), and
// they did run at once, on more than one core.
void
expect_parallel (const Traced &t, const Lane &a, const Lane &b)
{
  std::set<gint16> cores;

  /* While it computes: the longest stretch in which it could use a core
   * without a break. A pool's worker also runs a little before its task
   * (starting) and after it (stopping once the pool is closed), with
   * waits between, which are not part of its computing. */
  auto computing = [] (const Lane *w) {
    Span best = { 0, 0 }, now = w->runnable.front ();
    for (const Span &s : w->runnable)
      {
        if (s.begin > now.end + 1000000)
          {
            if (now.end - now.begin > best.end - best.begin)
              best = now;
            now = s;
          }
        now.end = MAX (now.end, s.end);
      }
    return now.end - now.begin > best.end - best.begin ? now : best;
  };
  auto within = [] (const std::vector<Span> &spans, Span window) {
    std::vector<Span> cut;
    for (const Span &s : spans)
      if (MIN (s.end, window.end) > MAX (s.begin, window.begin))
        cut.push_back ({ MAX (s.begin, window.begin), MIN (s.end, window.end) });
    return cut;
  };

  ASSERT_FALSE (a.running.empty () || b.running.empty ());
  for (const Lane *w : { &a, &b })
    {
      Span c = computing (w);
      EXPECT_GT (sum (within (w->running, c)), 0.9 * sum (w->running))
        << "pid " << w->pid << " waited for something while computing\n" << describe (t);
      // The cores it computed on. (A sleeper's blip of running between
      // two readings, as a worker's stop after its task, has no core
      // read: unknown by design, and not part of its computing.)
      for (size_t i = 0; i < w->running.size (); i++)
        if (w->running[i].begin >= c.begin && w->running[i].end <= c.end)
          cores.insert (w->cores[i]);
    }
  Span ca = computing (&a), cb = computing (&b);
  EXPECT_GT (overlap (within (a.runnable, ca), within (b.runnable, cb)),
             0.6 * MIN (ca.end - ca.begin, cb.end - cb.begin))
    << "they did not compute at the same time\n" << describe (t);
  // Whether both cores ran them at once depends on what else runs: on a
  // machine whose other programs keep its cores busy they take turns.
  if (t.others < 0.5)
    {
      EXPECT_GT (overlap (a.running, b.running), 0) << describe (t);
      EXPECT_GE (cores.size (), 2u) << describe (t);
    }
  else
    std::cerr << "other programs kept " << t.others << " cores busy: not judging whether both "
                 "cores ran these at once\n";
  EXPECT_EQ (cores.count (-1), 0u) << "every stretch of computing has its core";
}

constexpr double S = 1e9;

// asyncio: about 3 s for waits of 3, 1 and 2 s; the loop's thread spends
// it waiting, and each task's lane shows its own wait.
TEST (CliTrace, AsyncioWaitsOverlapOnOneThread)
{
  Traced t = trace ({ python (), sample ("asyncio_waits.py") }, { "--python-tasks" });
  std::map<std::string, const Lane *> tasks;
  const Lane *loop = nullptr;

  ASSERT_EQ (t.result.status, 0) << t.result.err;
  EXPECT_NE (t.result.out.find ("waited [3, 1, 2]: 3 s in all"), std::string::npos) << t.result.out;
  EXPECT_GT (t.elapsed, 2.9 * S);
  EXPECT_LT (t.elapsed, 6.0 * S) << "the waits did not overlap";
  for (const Lane &lane : t.lanes)
    if (lane.kind == LAB_OBSERVED_ASYNC_TASK)
      tasks[lane.name] = &lane;
    else if (lane.tid == t.root)
      loop = &lane;
  ASSERT_NE (loop, nullptr);
  EXPECT_GT (loop->state[LAB_STATE_WAITING_IO], 2.5 * S) << "the loop waits in epoll";
  EXPECT_LT (loop->state[LAB_STATE_RUNNING], 1.0 * S);

  // asyncio.run names the tasks in the order they are made: main first.
  for (const char *name : { "Task-1", "Task-2", "Task-3", "Task-4" })
    ASSERT_TRUE (tasks.count (name)) << name;
  EXPECT_NEAR (tasks["Task-2"]->state[LAB_STATE_WAITING_IO] / S, 3.0, 0.3);
  EXPECT_NEAR (tasks["Task-3"]->state[LAB_STATE_WAITING_IO] / S, 1.0, 0.3);
  EXPECT_NEAR (tasks["Task-4"]->state[LAB_STATE_WAITING_IO] / S, 2.0, 0.3);
  // The waits are laid over the same stretch of time.
  EXPECT_LT (tasks["Task-2"]->first - tasks["Task-4"]->first, 0.2 * S);
  // A task is ready to run only while its loop is busy, never while the
  // loop waits in epoll: no task is ready for longer than the loop's
  // thread ran or waited for a core (and a reading interval).
  for (const auto &[name, lane] : tasks)
    EXPECT_LE (lane->state[LAB_STATE_READY],
               loop->state[LAB_STATE_RUNNING] + loop->state[LAB_STATE_READY] + 0.05 * S)
      << name << " ready while its loop waited\n" << describe (t);
}

// Two Python threads computing: both wait for the lock (the GIL) while the
// other runs, and together they take no less than one thread doing both.
TEST (CliTrace, GilThreadsWaitForTheLockWithNoSpeedup)
{
  Traced t = trace ({ python (), sample ("gil_threads.py") });
  std::vector<const Lane *> workers;
  const Lane *main_thread = nullptr;

  ASSERT_EQ (t.result.status, 0) << t.result.err;
  for (const Lane &lane : t.lanes)
    if (lane.tid == t.root)
      main_thread = &lane;
    else if (lane.state[LAB_STATE_RUNNING] > 0.05 * S)
      workers.push_back (&lane);
  ASSERT_NE (main_thread, nullptr);
  ASSERT_EQ (workers.size (), 2u) << describe (t);

  for (const Lane *w : workers)
    EXPECT_GT (w->state[LAB_STATE_WAITING_LOCK], 0.10 * (w->last - w->first))
      << "thread " << w->tid << " never waited for the GIL";
  // One at a time: together they computed for no longer than the time
  // they took, where two threads in parallel compute for nearly twice it.
  // (Whether two stretches overlapped is not the test: a stretch's edges
  // are known to a reading interval, and they take turns every 5 ms.)
  gint64 span = MAX (workers[0]->last, workers[1]->last) - MIN (workers[0]->first, workers[1]->first);
  gint64 total = sum (workers[0]->running) + sum (workers[1]->running);
  EXPECT_LT (total, 1.15 * span) << "the two threads computed at the same time\n" << describe (t);

  // The main thread's own run of the same work, one after the other, is
  // the baseline: the threads take about as long, not half of it. (Its
  // running time also holds the interpreter's start, and a core shared
  // with another busy program computes slower: the bound leaves room for
  // both, and the check above is the one that says "one at a time".)
  gint64 threads_begin = MIN (workers[0]->first, workers[1]->first);
  gint64 threads_end = MAX (workers[0]->last, workers[1]->last);
  gint64 alone = 0;
  for (const Span &s : main_thread->running)
    if (s.end <= threads_begin)
      alone += s.end - s.begin;
  ASSERT_GT (alone, 0.1 * S);
  EXPECT_GT (threads_end - threads_begin, 0.6 * alone) << "the threads were faster: no GIL?";
}

// The same work in a pool of two processes: each has its own GIL, and
// both compute at once, on different cores. Four times the sample's
// work (about half a second a worker): long enough for the memory
// sampler, whose interval stretches with its cost (most in a sanitizer
// build), to find each worker.
TEST (CliTrace, PoolKeepsBothCoresBusy)
{
  Traced t = trace ({ python (), sample ("pool_cores.py"), "20000000" });
  std::vector<const Lane *> workers = busiest_children (t);

  ASSERT_EQ (t.result.status, 0) << t.result.err;
  ASSERT_EQ (workers.size (), 2u) << "two worker processes computing\n" << describe (t);
  EXPECT_NE (workers[0]->pid, workers[1]->pid);
  expect_parallel (t, *workers[0], *workers[1]);
  // Each worker is a process with memory of its own, saved with the
  // trace: forked, it shares pages with the first process, so its fair
  // share (PSS) is less than what it has resident.
  for (const Lane *w : workers)
    {
      auto [rss, pss] = t.memory[w->pid];
      EXPECT_GT (rss, 1 << 20) << "pid " << w->pid;
      EXPECT_GT (pss, 0) << "pid " << w->pid;
      EXPECT_LT (pss, rss) << "pid " << w->pid;
    }
}

// make -j2: make, and the two shells it starts at once.
TEST (CliTrace, MakeRunsTwoJobsAtOnce)
{
  Traced t = trace ({ "make", "-s", "-j2", "-f", sample ("two_jobs.mk") });
  std::vector<const Lane *> jobs = busiest_children (t);
  bool make_seen = false;

  ASSERT_EQ (t.result.status, 0) << t.result.err;
  EXPECT_NE (t.result.out.find ("first counted to"), std::string::npos);
  for (const Lane &lane : t.lanes)
    make_seen |= lane.pid == t.root && lane.name == "make";
  EXPECT_TRUE (make_seen);
  ASSERT_EQ (jobs.size (), 2u) << describe (t);
  EXPECT_NE (jobs[0]->pid, jobs[1]->pid);
  expect_parallel (t, *jobs[0], *jobs[1]);
}

// The tracer module only watches: the program prints the same.
TEST (CliTrace, PythonTasksChangeNothingThePrograms)
{
  for (const char *script : { "asyncio_waits.py", "gil_threads.py" })
    {
      std::vector<std::string> watched = { "trace", "--python-tasks", "--summary", "none", "--",
                                           python (), sample (script) };
      // The program itself, with no tracer at all.
      g_autofree char *out = nullptr;
      int status = 0;
      std::string interpreter = python ();
      std::string path = sample (script);
      const char *argv[] = { interpreter.c_str (), path.c_str (), nullptr };
      ASSERT_TRUE (g_spawn_sync (nullptr, (char **) argv, nullptr, G_SPAWN_STDERR_TO_DEV_NULL,
                                 nullptr, nullptr, &out, nullptr, &status, nullptr));
      Result traced = run (watched);

      EXPECT_EQ (traced.status, 0) << traced.err;
      EXPECT_EQ (traced.out, std::string (out)) << script;
    }
}

TEST (CliTrace, CommandErrorsAreTheShellsStatuses)
{
  TempDir dir;
  std::string data = dir.file ("data.txt");
  write_file (data, "not a program\n");

  Result missing = run ({ "trace", "--", "no-such-command-for-the-lab" });
  EXPECT_EQ (missing.status, 127);
  EXPECT_NE (missing.err.find ("command not found"), std::string::npos) << missing.err;

  Result denied = run ({ "trace", "--", data });
  EXPECT_EQ (denied.status, 126);
  EXPECT_NE (denied.err.find ("cannot be run"), std::string::npos) << denied.err;

  Result code = run ({ "trace", "--", "sh", "-c", "echo out; exit 7" });
  EXPECT_EQ (code.status, 7);
  EXPECT_EQ (code.out, "out\n");
  EXPECT_NE (code.err.find ("1 thread in 1 process"), std::string::npos) << code.err;

  Result killed = run ({ "trace", "--", "sh", "-c", "kill -TERM $$" });
  EXPECT_EQ (killed.status, 128 + 15);
}

TEST (CliTrace, UsageErrorsNameTheOption)
{
  const struct { std::vector<std::string> args; const char *part; } cases[] = {
    { { "trace" }, "no command" },
    { { "trace", "--" }, "no command" },
    { { "trace", "--rate", "0", "--", "true" }, "--rate" },
    { { "trace", "--rate", "fast", "--", "true" }, "--rate" },
    { { "trace", "--kill-after", "2min", "--", "true" }, "--kill-after" },
    { { "trace", "-C", "/no/such/folder/for/the/lab", "--", "true" }, "--directory" },
    { { "trace", "--size", "10x10", "--", "true" }, "--size" },
  };

  for (const auto &c : cases)
    {
      Result r = run (c.args);
      EXPECT_EQ (r.status, 2) << c.part << ": " << r.err;
      EXPECT_NE (r.err.find (c.part), std::string::npos) << r.err;
    }
}

// The command's own options are its own, with or without "--".
TEST (CliTrace, OptionsEndAtTheCommand)
{
  Result r = run ({ "trace", "sh", "-c", "echo -o stays", "--summary", "none" });
  EXPECT_EQ (r.status, 0) << r.err;
  EXPECT_EQ (r.out, "-o stays\n");
}

// Files that cannot be written are found before the program runs, as
// `run` finds them before it measures.
TEST (CliTrace, UnwritableFilesStopItBeforeTheProgramRuns)
{
  TempDir dir;

  for (const char *option : { "-o", "--trace" })
    {
      Result r = run ({ "trace", option, dir.file ("missing/out.png"), "--",
                        "sh", "-c", "echo ran" });

      EXPECT_EQ (r.status, 1) << option << ": " << r.err;
      EXPECT_NE (r.err.find ("Cannot write"), std::string::npos) << r.err;
      EXPECT_EQ (r.out, "") << option;
    }
}

// A traced program's text summary: what ran, and a row per thread.
TEST (CliTrace, TextSummaryListsTheThreads)
{
  Result r = run ({ "trace", "--summary", "text", "--", "sh", "-c", "sleep 0.1" });

  ASSERT_EQ (r.status, 0) << r.err;
  EXPECT_EQ (r.out.rfind ("sh -c 'sleep 0.1': ", 0), 0u) << r.out;
  EXPECT_NE (r.out.find ("Thread"), std::string::npos) << r.out;
  EXPECT_NE (r.out.find ("sleep"), r.out.rfind ("sleep")) << "a row for sleep: " << r.out;
}

TEST (CliTrace, SummaryKeepsRunsSchema)
{
  Result r = run ({ "trace", "--summary", "json", "--", "sh", "-c", "sleep 0.2" });
  ASSERT_EQ (r.status, 0) << r.err;
  g_autoptr(JsonParser) parser = json_parser_new ();
  ASSERT_TRUE (json_parser_load_from_data (parser, r.out.c_str (), -1, nullptr)) << r.out;
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  JsonArray *models = json_object_get_array_member (root, "models");
  ASSERT_EQ (json_array_get_length (models), 1u);
  JsonObject *model = json_array_get_object_element (models, 0);
  JsonArray *tasks = json_object_get_array_member (model, "tasks");

  EXPECT_TRUE (json_object_get_null_member (root, "workload"));
  EXPECT_STREQ (json_object_get_string_member (model, "id"), "trace");
  EXPECT_STREQ (json_object_get_string_member (model, "name"), "sh -c 'sleep 0.2'");
  EXPECT_STREQ (json_object_get_string_member (model, "state"), "complete");
  EXPECT_TRUE (json_object_get_null_member (model, "speedup")) << "no plan, no speedup";
  EXPECT_TRUE (json_object_get_null_member (model, "efficiency"));
  EXPECT_TRUE (json_object_get_null_member (model, "amdahl_limit"));
  EXPECT_TRUE (json_object_get_null_member (model, "ideal_s"));
  EXPECT_TRUE (json_object_get_null_member (root, "ideal_s"));
  EXPECT_TRUE (json_object_get_null_member (model, "planned_cpu_s"));
  // Only the figures that hold for a program of no plan: its time, and
  // the memory of its processes (nothing "per task" of its threads).
  JsonArray *figures = json_object_get_array_member (model, "figures");
  ASSERT_EQ (json_array_get_length (figures), 2u);
  EXPECT_STREQ (json_object_get_string_member (json_array_get_object_element (figures, 0), "id"),
                "elapsed");
  JsonObject *peak = json_array_get_object_element (figures, 1);
  EXPECT_STREQ (json_object_get_string_member (peak, "id"), "peak_memory");
  EXPECT_NE (strstr (json_object_get_string_member (peak, "explanation"),
                     "all the program's processes"), nullptr);
  JsonObject *memory = json_object_get_object_member (model, "memory");
  ASSERT_NE (memory, nullptr);
  EXPECT_TRUE (json_object_get_boolean_member (memory, "measured"));
  EXPECT_GT (json_object_get_int_member (memory, "peak_rss_bytes"), 0);
  EXPECT_TRUE (json_object_get_null_member (memory, "per_task_bytes"));

  ASSERT_GE (json_array_get_length (tasks), 2u) << "sh and sleep";
  for (guint i = 0; i < json_array_get_length (tasks); i++)
    {
      JsonObject *task = json_array_get_object_element (tasks, i);
      JsonObject *states = json_object_get_object_member (task, "states_s");

      EXPECT_TRUE (json_object_has_member (task, "name"));
      EXPECT_TRUE (json_object_has_member (task, "pid"));
      for (const char *state : { "running", "ready", "waiting-lock", "waiting-io" })
        EXPECT_TRUE (json_object_has_member (states, state)) << state;
    }
  JsonArray *processes = json_object_get_array_member (model, "processes");
  ASSERT_EQ (json_array_get_length (processes), 2u);
  EXPECT_EQ (json_object_get_int_member (json_array_get_object_element (processes, 0), "exit_status"), 0);
  EXPECT_GT (json_object_get_int_member (json_array_get_object_element (processes, 0),
                                         "peak_rss_bytes"), 0) << "the shell, measured";
}

}  // namespace

// A saved trace of a program is drawn with a title of what was traced,
// and compared with nothing: a program follows no plan.
TEST (CliTrace, ASavedTraceIsTitledAndComparedWithNothing)
{
  TempDir dir;
  Result r = run ({ "trace", "--summary", "none", "--trace", dir.file ("t.json"), "--",
                    "sh", "-c", "sleep 0.1" });
  ASSERT_EQ (r.status, 0) << r.err;

  r = run ({ "render", dir.file ("t.json"), "--title", "-o", dir.file ("t.png") });
  EXPECT_EQ (r.status, 0) << r.err;
  EXPECT_EQ (r.err.find ("CRITICAL"), std::string::npos) << r.err;
  EXPECT_TRUE (g_file_test (dir.file ("t.png").c_str (), G_FILE_TEST_IS_REGULAR));

  r = run ({ "render", dir.file ("t.json"), "--baseline", dir.file ("t.json"),
             "-o", dir.file ("both.png") });
  EXPECT_EQ (r.status, 2) << r.err;
  EXPECT_NE (r.err.find ("--baseline"), std::string::npos) << r.err;
  EXPECT_NE (r.err.find ("observed a program"), std::string::npos) << r.err;
  EXPECT_FALSE (g_file_test (dir.file ("both.png").c_str (), G_FILE_TEST_EXISTS));
}
