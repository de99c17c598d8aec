// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <string>
#include <vector>

extern "C" {
#include "lab-duration.h"
#include "lab-error.h"
}

namespace {

struct Accept
{
  const char *text;
  gint64      ns;
};

struct Reject
{
  const char *text;
  const char *message_part;
};

const Accept accepts[] = {
  { "500ms", 500000000 },
  { "1.5s", 1500000000 },
  { "2", 2000000000 },
  { " 2 s ", 2000000000 },
  { "250us", 250000 },
  { "250µs", 250000 },
  { "0.5", 500000000 },
  { ".25s", 250000000 },
  { "1min", 60000000000 },
  { "60min", 3600000000000 },
  { "3600s", 3600000000000 },
  { "1000ns", 1000 },
};

const Reject rejects[] = {
  { "", "empty" },
  { "   ", "empty" },
  { "-1s", "negative" },
  { "1x", "unknown unit “x”" },
  { "1e400", "too large" },
  { "3,,2", "not a list" },
  { "3601s", "limit of 1 hour" },
  { "61min", "limit of 1 hour" },
  { "0", "greater than zero" },
  { "0s", "greater than zero" },
  { "nan", "expected a number" },
  { "inf", "expected a number" },
  { "s", "expected a number" },
  { "0x10", "decimal" },
  { "1.5.5s", "unknown unit" },
  { "5 seconds", "unknown unit" },
};

class DurationAccept : public ::testing::TestWithParam<Accept> {};
class DurationReject : public ::testing::TestWithParam<Reject> {};

TEST_P (DurationAccept, Parses)
{
  const Accept &c = GetParam ();
  GError *error = nullptr;
  gint64 ns = -1;

  EXPECT_TRUE (lab_duration_parse (c.text, &ns, &error)) << c.text;
  EXPECT_EQ (error, nullptr);
  EXPECT_EQ (ns, c.ns) << c.text;
  g_clear_error (&error);
}

TEST_P (DurationReject, FailsWithMessage)
{
  const Reject &c = GetParam ();
  GError *error = nullptr;
  gint64 ns = -1;

  EXPECT_FALSE (lab_duration_parse (c.text, &ns, &error)) << c.text;
  ASSERT_NE (error, nullptr) << c.text;
  EXPECT_EQ (error->domain, LAB_ERROR);
  EXPECT_NE (std::string (error->message).find (c.message_part), std::string::npos)
      << "“" << c.text << "” gave: " << error->message;
  EXPECT_EQ (ns, -1) << "output must be untouched on error";
  g_clear_error (&error);
}

INSTANTIATE_TEST_SUITE_P (Table, DurationAccept, ::testing::ValuesIn (accepts));
INSTANTIATE_TEST_SUITE_P (Table, DurationReject, ::testing::ValuesIn (rejects));

std::vector<gint64>
parse_list (const char *text, std::string *message)
{
  GError *error = nullptr;
  GArray *array = lab_duration_list_parse (text, &error);
  std::vector<gint64> out;

  if (array == nullptr)
    {
      if (message != nullptr)
        *message = error->message;
      g_clear_error (&error);
      return out;
    }
  for (guint i = 0; i < array->len; i++)
    out.push_back (g_array_index (array, gint64, i));
  g_array_unref (array);
  return out;
}

TEST (DurationList, TrailingUnitAppliesToAll)
{
  EXPECT_EQ (parse_list ("3,1,2s", nullptr),
             (std::vector<gint64>{ 3000000000, 1000000000, 2000000000 }));
}

TEST (DurationList, OwnUnitsKept)
{
  EXPECT_EQ (parse_list ("100ms,1,2s", nullptr),
             (std::vector<gint64>{ 100000000, 1000000000, 2000000000 }));
  EXPECT_EQ (parse_list ("1,2,300ms", nullptr),
             (std::vector<gint64>{ 1000000, 2000000, 300000000 }));
}

TEST (DurationList, NoUnitMeansSeconds)
{
  EXPECT_EQ (parse_list ("3, 1, 2", nullptr),
             (std::vector<gint64>{ 3000000000, 1000000000, 2000000000 }));
}

TEST (DurationList, SingleValue)
{
  EXPECT_EQ (parse_list ("500ms", nullptr), (std::vector<gint64>{ 500000000 }));
}

TEST (DurationList, Rejects)
{
  const std::pair<const char *, const char *> cases[] = {
    { "3,,2", "item 2 of the list is empty" },
    { "", "empty" },
    { "1,2,", "item 3 of the list is empty" },
    { "1,-2,3s", "negative" },
    { "1,2x,3", "unknown unit" },
    { "1,7200s", "limit of 1 hour" },
  };

  for (const auto &c : cases)
    {
      std::string message;
      EXPECT_TRUE (parse_list (c.first, &message).empty ()) << c.first;
      EXPECT_NE (message.find (c.second), std::string::npos)
          << "“" << c.first << "” gave: " << message;
    }
}

TEST (DurationText, RoundTrips)
{
  const gint64 values[] = { 1, 999, 1000, 250000, 500000000, 1500000000, 3000000000,
                            3600000000000 };

  for (gint64 v : values)
    {
      char *text = lab_duration_to_string (v);
      gint64 back = 0;
      GError *error = nullptr;

      EXPECT_TRUE (lab_duration_parse (text, &back, &error)) << text;
      EXPECT_EQ (back, v) << text;
      g_clear_error (&error);
      g_free (text);
    }
}

/* The text form is exact and as short as three decimals allow. */
TEST (DurationText, ToStringUsesTheLargestUnitWithFewDecimals)
{
  const std::pair<gint64, const char *> cases[] = {
    { 1500000000, "1.5s" },
    { 17300000, "17.3ms" },
    { 500000000, "500ms" },
    { 3600000000000, "3600s" },
    { 250000, "250us" },
    { 1234, "1.234us" },
    { 999, "999ns" },
    { 1000000001, "1000000.001us" },
  };

  for (const auto &c : cases)
    {
      char *text = lab_duration_to_string (c.first);
      EXPECT_STREQ (text, c.second);
      g_free (text);
    }
}

TEST (DurationText, FormatsForPeople)
{
  const std::pair<gint64, const char *> cases[] = {
    { 1500000000, "1.50 s" },
    { 250000000, "250 ms" },
    { 12000, "12.0 µs" },
    { 3000000000, "3.00 s" },
    { 0, "0 s" },
    { 999, "999 ns" },
    { 90 * G_GINT64_CONSTANT (1000000000), "1.50 min" },
    { 3600 * G_GINT64_CONSTANT (1000000000), "1.00 h" },
    { -1500000000, "−1.50 s" },
  };

  for (const auto &c : cases)
    {
      char *text = lab_duration_format (c.first);
      EXPECT_STREQ (text, c.second);
      g_free (text);
    }
}

/* Rounding decides the unit: a column never shows "1000 ms" beside
 * "1.00 s", nor "60.0 s" beside "1.00 min". */
TEST (DurationText, RoundingNeverLeavesANumberAtTheNextUnitsThreshold)
{
  const std::pair<gint64, const char *> cases[] = {
    { 999600000, "1.00 s" },
    { 999499999, "999 ms" },
    { 999999, "1.00 ms" },
    { 59999000000, "1.00 min" },
    { 59900000000, "59.9 s" },
    { G_GINT64_CONSTANT (3599) * 1000000000 + 900000000, "1.00 h" },
    { G_GINT64_CONSTANT (86399) * 1000000000, "1.00 d" },
  };

  for (const auto &c : cases)
    {
      char *text = lab_duration_format (c.first);
      EXPECT_STREQ (text, c.second) << c.first;
      g_free (text);
    }
}

/* The whole ladder, ns to days, and no run so long that it needs more
 * digits than a person reads: 720,000,000 s is days, not seconds. */
TEST (DurationText, TheLadderGoesFromNanosecondsToDays)
{
  const gint64 s = 1000000000;
  const std::pair<gint64, const char *> cases[] = {
    { 12, "12.0 ns" },
    { 12 * 1000, "12.0 µs" },
    { 12 * 1000000, "12.0 ms" },
    { 12 * s, "12.0 s" },
    { 12 * 60 * s, "12.0 min" },
    { 12 * 3600 * s, "12.0 h" },
    { 3 * 86400 * s, "3.00 d" },
    { 720000000 * s, "8333 d" },
  };

  for (const auto &c : cases)
    {
      char *text = lab_duration_format (c.first);
      EXPECT_STREQ (text, c.second) << c.first;
      g_free (text);
    }
}

TEST (DurationText, ShortFormDropsTheZerosThatLineUpColumns)
{
  const std::pair<gint64, const char *> cases[] = {
    { 2000000, "2 ms" },
    { 1500000000, "1.5 s" },
    { 3600 * G_GINT64_CONSTANT (1000000000), "1 h" },
    { 100000000, "100 ms" },
    { 1250000, "1.25 ms" },
    { 0, "0 s" },
  };

  for (const auto &c : cases)
    {
      char *text = lab_duration_format_short (c.first);
      EXPECT_STREQ (text, c.second) << c.first;
      g_free (text);
    }
}

TEST (DurationText, RangeReadsAsOneDurationWhenBothEndsAgree)
{
  char *range = lab_duration_format_range (100000000, 1500000000);
  char *single = lab_duration_format_range (2000000, 2000000);
  char *swapped = lab_duration_format_range (1500000000, 100000000);

  EXPECT_STREQ (range, "100 ms – 1.5 s");
  EXPECT_STREQ (single, "2 ms");
  EXPECT_STREQ (swapped, "100 ms – 1.5 s");
  g_free (range);
  g_free (single);
  g_free (swapped);
}

/* Axis ticks are round numbers of the unit the axis's length is written
 * in: a 6 s axis in seconds, a 3 min axis in minutes. */
TEST (DurationText, TickStepsAreRoundInTheAxissUnit)
{
  const gint64 s = 1000000000;

  EXPECT_EQ (lab_duration_choose_step (6 * s, 400000000), 500000000);
  EXPECT_EQ (lab_duration_choose_step (6 * s, 1), 1);
  /* 3 min: round steps of minutes or of seconds, whichever is smaller */
  EXPECT_EQ (lab_duration_choose_step (180 * s, 7 * s), 10 * s);
  EXPECT_EQ (lab_duration_choose_step (180 * s, 21 * s), 30 * s);
  EXPECT_EQ (lab_duration_choose_step (180 * s, 51 * s), 60 * s);
  /* an hour: 5 min, not 0.1 h (6 min) nor 500 s */
  EXPECT_EQ (lab_duration_choose_step (3600 * s, 270 * s), 300 * s);

  const struct { gint64 t, step, max; const char *text; } ticks[] = {
    { 0, 500000000, 6 * s, "0" },
    { 1500000000, 500000000, 6 * s, "1.5 s" },
    { 2 * s, s, 6 * s, "2 s" },
    { 30 * s, 30 * s, 180 * s, "0.5 min" },
    { 120 * s, 60 * s, 180 * s, "2 min" },
    { 1500 * s, 300 * s, 3600 * s, "25 min" },
    { 40 * s, 20 * s, 180 * s, "40 s" },
    /* zoomed into a long run: the step, not the end, decides */
    { 61 * s, s, 200 * s, "61 s" },
    { 250000, 50000, 1000000, "0.25 ms" },
    { 250000, 50000, 900000, "250 µs" },
  };
  for (const auto &t : ticks)
    {
      char *text = lab_duration_format_tick (t.t, t.step, t.max);
      EXPECT_STREQ (text, t.text) << t.t << " step " << t.step;
      g_free (text);
    }
}

} // namespace
