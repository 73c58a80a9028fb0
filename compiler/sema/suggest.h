// "Did you mean" for unknown names: the closest candidate by edit distance
// over code points, when it is close enough to be a plausible typo.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace jianguan::sema {

std::optional<std::string> closest(const std::string& wrong,
                                   const std::vector<std::string>& candidates);

}  // namespace jianguan::sema
