// The items of a JSON array too long to hold in memory (a report's findings,
// entities, SARIF results), written to temporary files as they come and
// copied into the report at the end. A report cut into key ranges gives
// each range a section of its own and chains them: their files are copied
// one after the other, never into each other.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "report/atomic_file.h"

namespace jianguan::rt {

class ItemSection {
 public:
  // Each item is written after `indent`.
  explicit ItemSection(std::string indent);
  // False when the temporary file could not be made (error() says why).
  bool ok() const;
  const std::string& error() const;
  void add(const std::string& item);
  // Takes `later`'s items, to follow these; `later` is left empty.
  void join(ItemSection& later);
  // Nothing more is added: the write buffer goes back.
  void seal();
  // Writes the items into `report`, ",\n" between them, `open` before the
  // first and `close` after the last; nothing when there are none. False
  // with `error` set when a file cannot be copied whole.
  bool copy_to(AtomicFile& report, const char* open, const char* close, std::string& error);

 private:
  std::string indent_;
  std::vector<std::pair<std::unique_ptr<TempStream>, int64_t>> files_;  // with their item counts
};

}  // namespace jianguan::rt
