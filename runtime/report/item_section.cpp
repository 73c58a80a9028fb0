#include "report/item_section.h"

#include <cstdio>

namespace jianguan::rt {

ItemSection::ItemSection(std::string indent) : indent_(std::move(indent)) {
  files_.emplace_back(std::make_unique<TempStream>(), 0);
}

bool ItemSection::ok() const { return files_[0].first->get() != nullptr; }

const std::string& ItemSection::error() const { return files_[0].first->error(); }

void ItemSection::add(const std::string& item) {
  auto& [f, n] = files_[0];
  if (n++) std::fputs(",\n", f->get());
  std::fwrite(indent_.data(), 1, indent_.size(), f->get());
  std::fwrite(item.data(), 1, item.size(), f->get());
}

void ItemSection::join(ItemSection& later) {
  for (auto& f : later.files_)
    if (f.second) files_.push_back(std::move(f));
  later.files_.clear();
}

void ItemSection::seal() { files_[0].first->seal(); }

bool ItemSection::copy_to(AtomicFile& report, const char* open, const char* close,
                          std::string& error) {
  std::FILE* out = report.file();
  bool first = true;
  for (auto& [f, n] : files_) {
    if (!n) continue;
    std::fputs(first ? open : ",\n", out);
    if (!f->copy_to(report)) {
      error = f->error();
      return false;
    }
    // Gone now, not at the end: giving back a file's pages takes time that
    // the wait for the disk hides, and after the report is written nothing
    // would hide it (some 20 ms for the JSON report of 1M entities).
    f->close();
    first = false;
  }
  if (!first) std::fputs(close, out);
  return true;
}

}  // namespace jianguan::rt
