#include "support/json.h"

#include <cmath>
#include <cstdio>

#include "source/source_file.h"

namespace jianguan {

namespace {

// Appends the escape of an ASCII byte that JSON does not allow bare.
void escape_ascii(std::string& out, unsigned char c) {
  switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    default: {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    }
  }
}

bool plain_ascii(unsigned char c) { return c >= 0x20 && c != '"' && c != '\\'; }

}  // namespace

void json_escape(std::string& out, std::string_view s) {
  out += '"';
  if (find_invalid_utf8(s) == std::string_view::npos) {
    // Valid UTF-8, the usual case: copy runs, escape the few ASCII bytes.
    size_t run = 0;
    for (size_t i = 0; i < s.size(); ++i) {
      auto c = static_cast<unsigned char>(s[i]);
      if (c >= 0x80 || plain_ascii(c)) continue;
      out.append(s.substr(run, i - run));
      escape_ascii(out, c);
      run = i + 1;
    }
    out.append(s.substr(run));
    out += '"';
    return;
  }
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    // JSON is UTF-8: bytes that are not (a key read from a dirty record)
    // become U+FFFD, so the document stays valid whatever the input.
    if (c >= 0x80) {
      uint32_t cp;
      size_t n = decode_utf8(s, i, cp);
      if (cp == 0xFFFD && !(n == 3 && s.compare(i, 3, "\xEF\xBF\xBD") == 0))
        out += "\xEF\xBF\xBD";
      else
        out.append(s.substr(i, n));
      i += n - 1;
    } else if (plain_ascii(c)) {
      out += static_cast<char>(c);
    } else {
      escape_ascii(out, c);
    }
  }
  out += '"';
}

void JsonWriter::newline() {
  if (!pretty_) return;
  out_ += '\n';
  out_.append(first_.size() * 2, ' ');
}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_.empty()) {
    if (!first_.back()) out_ += ',';
    first_.back() = false;
    newline();
  }
}

JsonWriter& JsonWriter::begin_object() {
  before_value();
  out_ += '{';
  first_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::close(char bracket) {
  bool empty = first_.back();
  first_.pop_back();
  if (!empty) newline();
  out_ += bracket;
  return *this;
}

JsonWriter& JsonWriter::end_object() { return close('}'); }

JsonWriter& JsonWriter::begin_array() {
  before_value();
  out_ += '[';
  first_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::end_array() { return close(']'); }

JsonWriter& JsonWriter::key(std::string_view k) {
  before_value();
  json_escape(out_, k);
  out_ += pretty_ ? ": " : ":";
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view s) {
  before_value();
  json_escape(out_, s);
  return *this;
}

JsonWriter& JsonWriter::value(int64_t v) {
  before_value();
  out_ += std::to_string(v);
  return *this;
}

JsonWriter& JsonWriter::value(double v) {
  before_value();
  if (!std::isfinite(v)) {
    out_ += "null";
    return *this;
  }
  // Scores and counts are mostly whole: print those without printf, with
  // the digits "%.10g" would give.
  if (v == std::trunc(v) && std::fabs(v) < 1e10) {
    if (v == 0 && std::signbit(v)) out_ += '-';  // as "%.10g" prints -0
    out_ += std::to_string(static_cast<int64_t>(v));
    return *this;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  out_ += buf;
  return *this;
}

JsonWriter& JsonWriter::value(bool v) {
  before_value();
  out_ += v ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::null() {
  before_value();
  out_ += "null";
  return *this;
}

}  // namespace jianguan
