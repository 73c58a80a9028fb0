// Turning source cells (text or NULL) into typed values, with a reason when
// a cell cannot be one. Shared by every record source so that SQLite, CSV
// and JSON Lines accept and reject exactly the same values.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "eval/record.h"
#include "lower/program.h"

namespace jianguan::rt {

class Converter {
 public:
  explicit Converter(const ir::Program& p);

  // The value of `raw` (nullopt: NULL / absent) for field `slot` of `table`,
  // into `out`; a text value points into `raw`, so the caller copies it
  // before `raw` goes. Returns false and sets `reason` when it is invalid.
  bool convert(int32_t table, size_t slot, std::optional<std::string_view> raw, ir::Value& out,
               std::string& reason) const;
  // The same, stored in `row` with its own copy of any text.
  bool convert(int32_t table, size_t slot, std::optional<std::string_view> raw, Row& row,
               std::string& reason) const {
    ir::Value v;
    if (!convert(table, slot, raw, v, reason)) return false;
    if (v.tag == ir::Value::Tag::kText)
      row.set_text(slot, v.str());
    else
      row.values[slot] = v;
    return true;
  }

 private:
  // Heterogeneous lookup: a cell's string_view finds its symbol without
  // building a std::string per cell.
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Dict = std::unordered_map<std::string, int32_t, Hash, std::equal_to<>>;
  const ir::Program& p_;
  Dict kinds_, departments_;
  std::vector<Dict> enums_;
};

}  // namespace jianguan::rt
