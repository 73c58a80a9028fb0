// How a token type is shown to a user: its spellings, English and Chinese.
#pragma once

#include <string>

namespace jianguan::syntax {

// "`rule` / `规则`" for keywords, "`{`" for punctuation, "a name" for ID, ...
std::string token_display(const std::string& symbolic_name, bool zh);

// The ASCII character a full-width token stands for ("：" -> ":"), or "".
std::string fullwidth_ascii(const std::string& symbolic_name);

}  // namespace jianguan::syntax
