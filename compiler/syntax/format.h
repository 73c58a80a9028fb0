// The formatter behind `jianguan fmt`: one canonical layout for rule files.
// It changes only whitespace and line breaks, never a token: keywords keep
// the spelling the author chose (Chinese or English), `、` and `,` stay as
// written, and strings and comments are copied unchanged. No ANTLR type
// appears in this header.
//
// The layout (docs/tools.md has the same rules with examples):
//   - every declaration starts a line at column 0; every clause of a block
//     starts its own line, indented two spaces per open bracket;
//   - `{` of a declaration ends the header line, `}` stands on its own line;
//   - a line break the author put inside a clause (a long condition, the
//     fields of a `given`) is kept, as a continuation line indented one more
//     level; line breaks before `,` `;` `:` `.` `{` are removed;
//   - one space between tokens, none before `,` `;` `:` `)` `]` `.`, none
//     after `(` `[` `.` or a unary `-`, none around `、`, none before the
//     `(` of a call, none around the `/` of a frequency (`2 次/年`);
//   - blank lines between declarations and between clauses are kept, a run
//     of them becomes one; blank lines elsewhere are removed;
//   - comments stay where they are; line comments at the end of code lines
//     in one paragraph are aligned one column after the longest code, by
//     display width (a Chinese character is two columns);
//   - LF line endings, no trailing spaces, no byte order mark, one final
//     newline.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "diag/diagnostic.h"
#include "source/source_file.h"
#include "syntax/parse.h"

namespace jianguan {

struct FormatResult {
  std::optional<std::string> text;  // the formatted file; empty on failure
  // Set when formatting itself failed: the output would not have read back
  // as the same tokens. A bug in the formatter; the file is left alone.
  std::string internal_error;
};

// Formats one file of `sources`. The syntax errors of a file that does not
// parse are added to `diags` and no text is returned: such a file is not
// to be touched.
FormatResult format_source(const SourceSet& sources, FileId file, Diagnostics& diags,
                           const ParseLimits& limits = {});

// One expression's source text in canonical one-line form, comments
// dropped: `a>=b  或(c)` -> `a >= b 或 (c)`. Used to compare conditions by
// meaning of layout rather than by bytes. Text that does not parse as an
// expression comes back with its whitespace collapsed.
std::string normalize_expression(std::string_view text);

}  // namespace jianguan
