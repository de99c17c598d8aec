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

TEST (DurationText, FormatsForPeople)
{
  const std::pair<gint64, const char *> cases[] = {
    { 1500000000, "1.50 s" },
    { 250000000, "250 ms" },
    { 12000, "12.0 µs" },
    { 3000000000, "3.00 s" },
    { 0, "0 ns" },
  };

  for (const auto &c : cases)
    {
      char *text = lab_duration_format (c.first);
      EXPECT_STREQ (text, c.second);
      g_free (text);
    }
}

} // namespace
