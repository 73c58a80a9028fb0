// The structural comparison behind `jianguan diff`: what one version of a
// ruleset changes against another, declaration by declaration, matched by
// name. Conditions and other expressions are compared as normalised source
// text (layout and comments do not count), so a change that only reformats
// or re-comments the rules shows no difference.
#pragma once

#include <string>
#include <vector>

#include "compile.h"

namespace jianguan::analysis {

struct Change {
  enum class Op { kAdded, kRemoved, kChanged };
  Op op = Op::kChanged;
  // ruleset, departments, kinds, schema, items, joints, rules, credit,
  // measures, tests: the order in which reports list them.
  std::string section;
  std::string name;  // the declaration ("" for the ruleset header)
  // Rules with versions (规则的版本: one name, several in-force periods):
  // which version, by its dates ("from 2024-07-01"); empty otherwise.
  Text version;
  std::string field;  // kChanged: what changed, a stable key ("lead", "grade B")
  Text label;         // kChanged: the field for people ("lead" / "牵头")
  // kChanged: the value before and after. kAdded / kRemoved: a one-line
  // summary of the declaration in `after` / `before`.
  Text before, after;
  bool source = false;  // `before` / `after` are rule source text (conditions)
};

// Both compilations must be free of errors. Deterministic: sections in the
// order above; within one, declarations in the newer version's order, then
// the removed ones in the older version's order. Versions of a rule are
// paired by name and effective date, so a new version shows as added.
std::vector<Change> compare(const Compilation& before, const Compilation& after);

// Section titles for reports.
Text section_title(const std::string& section);

}  // namespace jianguan::analysis
