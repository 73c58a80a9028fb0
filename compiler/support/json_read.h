// A small JSON reader for the files Jianguan reads back (a lint baseline):
// a DOM of objects, arrays, strings, numbers, booleans and null.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace jianguan {

struct JsonValue {
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };
  Kind kind = Kind::kNull;
  bool boolean = false;
  double number = 0;
  std::string string;
  std::vector<JsonValue> array;
  // Object members in document order, as two parallel vectors: a vector of
  // the still-incomplete JsonValue is allowed, a pair holding one is not.
  std::vector<std::string> keys;
  std::vector<JsonValue> values;
  const JsonValue* get(const std::string& key) const;
  std::string str(const std::string& key) const;  // "" unless a string member
};

// Parses `text`; false with `error` (and a byte offset) when it is not JSON.
// Nesting is capped at 256 levels: deeper input is refused, not recursed into.
bool parse_json(const std::string& text, JsonValue& out, std::string& error);

}  // namespace jianguan
