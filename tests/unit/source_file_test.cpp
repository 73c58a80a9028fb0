// Source positions: lines and columns in code points, line terminators,
// the BOM, display widths and UTF-8 validation.
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "source/source_file.h"

using jianguan::decode_utf8;
using jianguan::display_width;
using jianguan::find_invalid_utf8;
using jianguan::SourceFile;
using jianguan::SourceSet;

namespace {
// Line and column of byte `offset`, as "line:col".
std::string at(const SourceFile& f, uint32_t offset) {
  auto lc = f.line_col(offset);
  return std::to_string(lc.line) + ":" + std::to_string(lc.column);
}
}  // namespace

TEST_CASE("source: ASCII lines and columns are 1-based", "[source]") {
  SourceFile f("a.jg", "ab\ncd\n");
  CHECK(at(f, 0) == "1:1");
  CHECK(at(f, 1) == "1:2");
  CHECK(at(f, 2) == "1:3");  // the newline itself
  CHECK(at(f, 3) == "2:1");
  CHECK(at(f, 6) == "3:1");  // end of file, after the last newline
  CHECK(f.line_count() == 3);
  CHECK(f.line_text(1) == "ab");
  CHECK(f.line_text(2) == "cd");
  CHECK(f.line_text(3).empty());
  CHECK(f.line_text(4).empty());
  CHECK(f.line_text(0).empty());
}

TEST_CASE("source: columns count code points, not bytes, in Chinese text", "[source]") {
  // 部门 住建: 部(0-2) 门(3-5) space(6) 住(7-9) 建(10-12)
  SourceFile f("a.jg", "部门 住建\n  层级 省");
  CHECK(at(f, 0) == "1:1");
  CHECK(at(f, 3) == "1:2");
  CHECK(at(f, 6) == "1:3");
  CHECK(at(f, 7) == "1:4");
  CHECK(at(f, 10) == "1:5");
  uint32_t line2 = f.line_start(2);
  CHECK(line2 == 14);
  CHECK(at(f, line2 + 2 + 6 + 1) == "2:6");  // 省
  CHECK(f.line_text(2) == "  层级 省");
}

TEST_CASE("source: CRLF ends a line once and is not part of the line text", "[source]") {
  SourceFile f("a.jg", "部门\r\n住建\r\n");
  CHECK(f.line_count() == 3);
  CHECK(at(f, 8) == "2:1");
  CHECK(at(f, 6) == "1:3");  // the CR belongs to line 1
  CHECK(f.line_text(1) == "部门");
  CHECK(f.line_text(2) == "住建");
}

TEST_CASE("source: a lone CR ends a line", "[source]") {
  SourceFile f("a.jg", "a\rb\rc");
  CHECK(f.line_count() == 3);
  CHECK(at(f, 2) == "2:1");
  CHECK(at(f, 4) == "3:1");
  CHECK(f.line_text(1) == "a");
  CHECK(f.line_text(3) == "c");
  SourceFile g("b.jg", "a\r");
  CHECK(g.line_count() == 2);
}

TEST_CASE("source: mixed line endings each end one line", "[source]") {
  SourceFile f("a.jg", "a\nb\r\nc\rd");
  CHECK(f.line_count() == 4);
  CHECK(f.line_text(2) == "b");
  CHECK(f.line_text(4) == "d");
  CHECK(at(f, 7) == "4:1");
}

TEST_CASE("source: the BOM is kept in the text but is not a column", "[source]") {
  SourceFile f("a.jg", "\xEF\xBB\xBF部门\n\xEF\xBB\xBFx");
  CHECK(f.text().size() == 3 + 6 + 1 + 3 + 1);
  CHECK(at(f, 3) == "1:1");  // first character after the BOM
  CHECK(at(f, 6) == "1:2");
  CHECK(f.line_text(1) == "部门");
  // Only a BOM at the start of the file is special; elsewhere U+FEFF is a
  // character (a zero-width one).
  CHECK(f.line_text(2) == "\xEF\xBB\xBFx");
  CHECK(at(f, 10 + 3) == "2:2");
}

TEST_CASE("source: an offset past the end is clamped", "[source]") {
  SourceFile f("a.jg", "ab");
  CHECK(at(f, 100) == "1:3");
}

TEST_CASE("source: SourceSet finds files by path", "[source]") {
  SourceSet s;
  auto a = s.add("a.jg", "x");
  auto b = s.add("dir/b.jg", "y");
  CHECK(s.size() == 2);
  CHECK(s.find("a.jg") == a);
  CHECK(s.find("dir/b.jg") == b);
  CHECK(s.find("c.jg") == -1);
  CHECK(s.file(b).text() == "y");
}

TEST_CASE("source: display width of CJK, full-width and combining characters", "[source]") {
  CHECK(display_width("") == 0);
  CHECK(display_width("abc") == 3);
  CHECK(display_width("部门") == 4);
  CHECK(display_width("燃气经营企业") == 12);
  CHECK(display_width("a部b") == 4);
  CHECK(display_width("，：；（）｛｝") == 14);  // full-width punctuation
  CHECK(display_width("【】、。") == 8);
  CHECK(display_width("\xE3\x80\x80") == 2);  // U+3000 ideographic space
  CHECK(display_width("e\xCC\x81") == 1);     // e + combining acute
  CHECK(display_width("\xEF\xBB\xBF"
                      "ab") == 2);    // BOM takes no column
  CHECK(display_width("\xFF") == 1);  // an invalid byte: one column
  CHECK(display_width("한글") == 4);  // Hangul is wide too
  CHECK(display_width("\t") == 1);    // the renderer copies tabs
}

TEST_CASE("source: decode_utf8 decodes valid sequences", "[source][utf8]") {
  uint32_t cp = 0;
  CHECK(decode_utf8("A", 0, cp) == 1);
  CHECK(cp == 'A');
  CHECK(decode_utf8("\xC3\xA9", 0, cp) == 2);
  CHECK(cp == 0xE9);
  CHECK(decode_utf8("部", 0, cp) == 3);
  CHECK(cp == 0x90E8);
  CHECK(decode_utf8("\xF0\x9F\x98\x80", 0, cp) == 4);
  CHECK(cp == 0x1F600);
  CHECK(decode_utf8("a部", 1, cp) == 3);
  CHECK(cp == 0x90E8);
}

TEST_CASE("source: decode_utf8 rejects invalid sequences one byte at a time", "[source][utf8]") {
  const char* bad[] = {
      "\xFF",              // never valid
      "\x80",              // a lone continuation byte
      "\xC0\xAF",          // overlong '/'
      "\xE0\x80\xAF",      // overlong, 3 bytes
      "\xED\xA0\x80",      // a surrogate
      "\xF4\x90\x80\x80",  // above U+10FFFF
      "\xE4\xBD",          // truncated at the end
      "\xE4\xBDx",         // truncated by an ASCII byte
      "\xF8\x88\x80\x80",  // 5-byte form
  };
  for (const char* s : bad) {
    INFO("bytes: " << s);
    uint32_t cp = 0;
    CHECK(decode_utf8(s, 0, cp) == 1);
    CHECK(cp == 0xFFFD);
  }
}

TEST_CASE("source: find_invalid_utf8 finds the first bad byte", "[source][utf8]") {
  CHECK(find_invalid_utf8("") == std::string_view::npos);
  CHECK(find_invalid_utf8("规则 r 属于 燃气") == std::string_view::npos);
  CHECK(find_invalid_utf8("ab\xFF"
                          "cd") == 2);
  CHECK(find_invalid_utf8("部\xC8") == 3);            // truncated at end
  CHECK(find_invalid_utf8("\xC8\xBC\xC6\xF8") == 2);  // GBK 燃气: C8 BC is valid UTF-8
  CHECK(find_invalid_utf8("\xEF\xBF\xBD") == std::string_view::npos);  // a real U+FFFD is fine
  CHECK(find_invalid_utf8("\xEF\xBB\xBF"
                          "a") == std::string_view::npos);
  CHECK(find_invalid_utf8("ok\xED\xA0\x80") == 2);
  // Three-byte sequences, checked without decoding when the lead allows it.
  CHECK(find_invalid_utf8("\xE7\x87"
                          "A") == 0);                                  // a continuation missing
  CHECK(find_invalid_utf8("\xE7\x87") == 0);                           // cut short
  CHECK(find_invalid_utf8("\xE0\x80\x80") == 0);                       // overlong
  CHECK(find_invalid_utf8("\xEF\xBF\xBF") == std::string_view::npos);  // U+FFFF
  CHECK(find_invalid_utf8("\xE1\x80\x80") == std::string_view::npos);  // U+1000
}

TEST_CASE("source: find_invalid_utf8 finds a bad byte anywhere in long ASCII", "[source][utf8]") {
  // ASCII is skipped eight bytes at a time: a bad byte in every position of
  // a word, and after the last whole word, is still found.
  for (size_t at = 0; at < 27; ++at) {
    std::string s(27, 'x');
    s[at] = '\xFF';
    CHECK(find_invalid_utf8(s) == at);
    s[at] = '\xE7';  // 燃 is E7 87 83: a valid sequence inside the ASCII
    s.insert(at + 1, "\x87\x83");
    CHECK(find_invalid_utf8(s) == std::string_view::npos);
  }
  CHECK(find_invalid_utf8(std::string(40, 'a')) == std::string_view::npos);
}

TEST_CASE("source: find_invalid_utf8 agrees with decode_utf8 on every three-byte sequence",
          "[source][utf8]") {
  // The reference: decode one sequence at a time, nothing skipped.
  auto reference = [](std::string_view s) {
    for (size_t pos = 0; pos < s.size();) {
      uint32_t cp;
      size_t n = jianguan::decode_utf8(s, pos, cp);
      if (cp == 0xFFFD && s.substr(pos, 3) != "\xEF\xBF\xBD") return pos;
      pos += n;
    }
    return std::string_view::npos;
  };
  size_t disagree = 0;
  for (int lead = 0xE0; lead <= 0xEF; ++lead)
    for (int b1 = 0; b1 < 256; ++b1)
      for (int b2 = 0; b2 < 256; ++b2) {
        const char s[] = {static_cast<char>(lead), static_cast<char>(b1), static_cast<char>(b2)};
        std::string_view v(s, 3);
        disagree += find_invalid_utf8(v) != reference(v);
      }
  CHECK(disagree == 0);
}

TEST_CASE("source: find_invalid_utf8 agrees with decoding byte by byte", "[source][utf8]") {
  // The reference: decode from the start, stop at the first U+FFFD that is
  // not a real one. The scan under test skips ASCII by words and takes
  // three-byte sequences at once; strings of bytes chosen near the edges
  // (leads E0 and ED, continuations, cut sequences, runs of ASCII around
  // eight bytes) must give the same place.
  auto reference = [](std::string_view s) {
    for (size_t pos = 0; pos < s.size();) {
      uint32_t cp;
      size_t n = decode_utf8(s, pos, cp);
      if (cp == 0xFFFD && !(n == 3 && s.substr(pos, 3) == "\xEF\xBF\xBD")) return pos;
      pos += n;
    }
    return std::string_view::npos;
  };
  const unsigned char bytes[] = {'a',  '0',  ' ',  0x7F, 0x80, 0x9F, 0xA0, 0xBF,
                                 0xC0, 0xC2, 0xDF, 0xE0, 0xE4, 0xE7, 0xEC, 0xED,
                                 0xEE, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0xBD, 0x87};
  const char* pieces[] = {"燃气",        "规则",         "\xEF\xBF\xBD", "abcdefgh",
                          "abcdefghijk", "\xE0\xA0\x80", "\xED\x9F\xBF", "\xF0\x9F\x98\x80"};
  std::mt19937 rng(20261130);
  for (int i = 0; i < 200000; ++i) {
    std::string s;
    const size_t parts = rng() % 8;
    for (size_t j = 0; j < parts; ++j) {
      if (rng() % 2)
        s += pieces[rng() % (sizeof pieces / sizeof *pieces)];
      else
        s += static_cast<char>(bytes[rng() % sizeof bytes]);
    }
    INFO("bytes: " << s);
    REQUIRE(find_invalid_utf8(s) == reference(s));
  }
}
