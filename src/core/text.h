// Small text utilities shared by modules: the edit distance behind every "did you mean".
#pragma once

#include <cstddef>
#include <string_view>

namespace pacta {

// Levenshtein distance: insertions, deletions and substitutions of bytes.
size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace pacta
