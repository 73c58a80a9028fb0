// How many rows lie below a key, estimated from the samples of sorted runs:
// what cuts the records into key ranges of chosen sizes.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace jianguan::rt {

// The samples of one sorted run (or of the rows a sort holds in memory):
// keys in ascending order, each with its row's place among the run's rows.
struct RunSamples {
  std::vector<std::string> keys;
  std::vector<uint64_t> rows;
  uint64_t total = 0;  // rows in the run
};

// Every key sampled in any run, ascending and once each, with the number of
// rows of all runs estimated to lie below it. Each run's error is below its
// gap between samples; the runs' errors cancel out when their samples lie at
// unlike places (row_sorter.cpp): at 1M entities, off by 5,900 rows at most.
std::vector<std::pair<std::string, double>> rows_below(const std::vector<RunSamples>& runs);

}  // namespace jianguan::rt
