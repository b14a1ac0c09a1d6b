// Depositary notifications ("C.N."s): rendering a recorded action in the UN's layout, with
// the computed effect and the article quoted, as text and HTML.
#pragma once

#include <functional>
#include <string>

#include "core/model.h"
#include "engine/engine.h"

namespace pacta {

// "XXVI-5" -> "XXVI.5", the form used in C.N. references.
std::string reference_chapter(const std::string& chapter);
// "C.N.362.2025.TREATIES-XXVI.5"
std::string cn_reference(int number, int year, const std::string& chapter);
// "Article 20(3)" -> "paragraph 3 of article 20"; "Article 126" -> "article 126".
std::string article_phrase(const std::string& article);

using NameOf = std::function<std::string(const std::string& iso3)>;

// The notification's text. `action` must be in `view`'s record (it has a seq).
std::string render_notification_text(const TreatyView& view, const Action& action, const std::string& reference,
                                      Date issued_on, const NameOf& name_of);
// The same, as an HTML fragment (escaped).
std::string render_notification_html(const std::string& text);

}  // namespace pacta
