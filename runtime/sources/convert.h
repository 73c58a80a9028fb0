// Turning source cells (text or NULL) into typed values, with a reason when
// a cell cannot be one. Shared by every record source so that SQLite, CSV
// and JSON Lines accept and reject exactly the same values.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "eval/record.h"
#include "lower/program.h"
#include "sources/name_table.h"

namespace jianguan::rt {

class Converter {
 public:
  explicit Converter(const ir::Program& p);

  // The value of `raw` (nullopt: NULL / absent) for field `slot` of `table`,
  // into `out`; a text value points into `raw`, so the caller copies it
  // before `raw` goes. Returns false and sets `reason` when it is invalid.
  bool convert(int32_t table, size_t slot, std::optional<std::string_view> raw, ir::Value& out,
               std::string& reason) const {
    return convert(field(table, slot), raw ? *raw : std::string_view(), out, reason);
  }
  // The same for field `f`, `raw` without bytes (a null data()) for NULL:
  // what the sources call a cell at a time, with every argument in a
  // register. A std::optional passed by value went through memory, written
  // in parts and read whole, and the stalls of that were a tenth of the
  // reading of a SQLite row.
  bool convert(const ir::FieldDef& f, std::string_view raw, ir::Value& out,
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

  const ir::FieldDef& field(int32_t table, size_t slot) const {
    return p_.tables[static_cast<size_t>(table)].fields[slot];
  }

 private:
  // `s` (trimmed, not empty) as a value of `f`'s type; false when it is
  // none, with `reason` set unless the cause may be bytes that are not UTF-8
  // (convert() tells).
  bool convert_typed(const ir::FieldDef& f, std::string_view s, ir::Value& out,
                     std::string& reason) const;

  const ir::Program& p_;
  NameTable kinds_, departments_;
  std::vector<NameTable> enums_;
};

}  // namespace jianguan::rt
