// Printing diagnostics for people (text with the source line and a caret)
// and for machines (JSON, SARIF 2.1.0 as GitHub code scanning reads it).
#pragma once

#include <string>

#include "diag/diagnostic.h"
#include "source/source_file.h"

namespace jianguan {

struct RenderOptions {
  bool zh = false;
  bool color = false;
};

std::string render_text(const Diagnostics& diags, const SourceSet& sources, const RenderOptions& o);
std::string render_json(const Diagnostics& diags, const SourceSet& sources, const RenderOptions& o);
std::string render_sarif(const Diagnostics& diags, const SourceSet& sources, const RenderOptions& o,
                         const std::string& tool_version);

// "file:line:col" for a span, or "file" / "" when it has no position.
std::string location(const SourceSet& sources, Span span);

}  // namespace jianguan
