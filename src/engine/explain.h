// Building the engine's reasons (internal to src/engine/): the sentences, the article they
// cite and the entries they rest on.
#pragma once

#include <string>

#include "engine/engine.h"

namespace pacta::explain {

inline std::string ref_suffix(const Action& a) { return a.reference.empty() ? "" : " (" + a.reference + ")"; }

// What the action is called in a sentence: "instrument of ratification", "signature".
inline std::string instrument_name(ActionKind k) {
  switch (k) {
    case ActionKind::kWithdrawal: return "instrument of withdrawal";
    case ActionKind::kSignature: return "signature";
    case ActionKind::kSuccession: return "notification of succession";
    case ActionKind::kWithdrawalRevocation: return "revocation of a withdrawal";
    case ActionKind::kNotIntending: return "notification that it does not intend to become a party";
    case ActionKind::kInstrumentWithdrawal: return "withdrawal of an instrument of consent";
    case ActionKind::kCommunication: return "communication";
    default: return "instrument of " + std::string(to_string(k));
  }
}

// A reason citing `c` (its article in brackets after the text).
inline Reason reason(std::string text, const Citation* c = nullptr) {
  Reason r;
  r.text = std::move(text);
  if (c) {
    r.article = c->article;
    r.quote = c->quote;
    r.text += " [" + c->article + "]";
  }
  return r;
}

// The same reason, resting on the action (its notification and ledger entry).
inline Reason with_action(Reason r, const Action& a) {
  if (!a.reference.empty()) r.references.push_back(a.reference);
  if (a.prov.seq) r.entries.push_back(a.prov.seq);
  return r;
}

}  // namespace pacta::explain
