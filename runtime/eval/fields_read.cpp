#include "eval/fields_read.h"

namespace jianguan::rt {

namespace {

void mark(FieldsRead& r, int32_t table, int32_t field) {
  if (table < 0 || field < 0) return;
  auto& fields = r.by_table[static_cast<size_t>(table)];
  if (static_cast<size_t>(field) < fields.size()) fields[static_cast<size_t>(field)] = 1;
}

}  // namespace

FieldsRead fields_read(const ir::Program& p) {
  FieldsRead r;
  for (const auto& t : p.tables) r.by_table.emplace_back(t.fields.size(), 0);
  // What every result names and the dates event windows count back from;
  // and the link, read by no one (events join by the key cell as read) but
  // stored in one byte anyway, as text equal to the row's key.
  for (int32_t ti = 0; ti < static_cast<int32_t>(p.tables.size()); ++ti) {
    const ir::Table& t = p.tables[static_cast<size_t>(ti)];
    if (t.is_event)
      for (int32_t f : {t.link, t.date}) mark(r, ti, f);
    else
      for (int32_t f : {t.key, t.kind, t.division}) mark(r, ti, f);
  }
  // Fields of the entity, wherever an expression reads them.
  for (const auto& n : p.nodes)
    if (n.op == ir::Op::kField) mark(r, p.entity, n.index);
  // Event fields: of the table whose rows an aggregate runs over. (Nodes
  // of a filter lowered twice, its aggregate shared, are never evaluated;
  // marking them too is harmless.)
  for (const auto& n : p.nodes)
    if (n.op == ir::Op::kEventField) mark(r, n.table, n.index);
  for (const auto& a : p.aggregates) mark(r, a.table, a.field);
  // Repeated inspections: by date and department.
  if (p.inspection_table >= 0) {
    const ir::Table& t = p.tables[static_cast<size_t>(p.inspection_table)];
    mark(r, p.inspection_table, t.department);
  }
  // Repeated penalties: the same text fields (conduct, basis, ...) on
  // different dates or from different departments.
  if (p.penalty_table >= 0) {
    const ir::Table& t = p.tables[static_cast<size_t>(p.penalty_table)];
    mark(r, p.penalty_table, t.department);
    for (size_t f = 0; f < t.fields.size(); ++f)
      if (t.fields[f].type == ir::FieldType::kText)
        mark(r, p.penalty_table, static_cast<int32_t>(f));
  }
  return r;
}

}  // namespace jianguan::rt
