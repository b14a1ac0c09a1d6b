// The treaty-law engine: from a profile and a snapshot of the record, the status of every
// participant over time, the treaty's entry into force, withdrawal effects with their
// conditions, obligation deadlines, and a reason for every derived date.
//
// Each participant's actions are folded in date order (participant.cc) through decide()
// (decide.h), the same state machine the depositary's checks use: an action it finds without
// effect (a second consent while bound, a withdrawal by a non-party) changes no status and
// leaves a note on the interval current on its date.
//
// Pure computation: no I/O, no clock ("today" is always a parameter). A TreatyView is
// immutable once built; status and count queries are binary searches over precomputed
// intervals, safe to call from several threads.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/model.h"
#include "engine/decide.h"
#include "rules/profile.h"

namespace pacta {

// One step of an explanation: what was derived, by which rule, from which entries.
struct Reason {
  std::string text;      // a sentence a person can read
  std::string article;   // "Article 20(3)", empty for plain record facts
  std::string quote;     // the article's words
  std::vector<std::string> references;  // depositary notifications used
  std::vector<int64_t> entries;         // ledger seqs of the actions and facts used
  std::optional<Date> noted_on;  // set for notes added to an interval after it began
  bool disputed = false;         // one reading of a disputed effect, with its sources
};

struct StatusInterval {
  Date from;
  std::optional<Date> until;  // exclusive; empty = open-ended
  Status status = Status::kNone;
  std::vector<Reason> why;
};

// A date the engine derived (or a record date it reports), for timelines and "upcoming".
struct DerivedEvent {
  Date date;
  std::string state;  // empty for the treaty's own entry into force
  std::string kind;   // entry_into_force, withdrawal_effect, withdrawal_suspended, obligation_deadline
  std::string label;  // "in force for LTU", "withdrawal of LTU takes effect"
  bool conditional = false;  // e.g. a withdrawal effect that a later armed conflict could hold back
  std::vector<Reason> why;
};

// An action of a participant's record that changed nothing, because it had nothing to act on
// (decide() refused it as without effect): a second consent while bound, a withdrawal by a
// non-party. It is left out of the status and noted on the interval current on its date.
struct ActionWithoutEffect {
  const Action* action = nullptr;
  Refusal refusal;
};

struct ParticipantView {
  std::string state;
  // Contiguous, ordered; before the first: none. A first interval of status none carries only
  // the notes of actions without effect recorded before any status of its own.
  std::vector<StatusInterval> intervals;
  std::vector<const Action*> actions;     // this state's actions, in date order
  std::vector<DerivedEvent> derived;
  // Summary of the latest round (a state may join, leave and join again).
  std::optional<Date> signature;
  std::optional<Date> consent;
  std::optional<ActionKind> consent_kind;
  std::optional<Date> entry_into_force;
  std::optional<Date> withdrawal_received;
  std::optional<Date> withdrawal_effective;   // scheduled or past
  std::optional<Date> withdrawal_suspended_from;
  bool has_communications = false;
  bool disputed = false;  // the effect of one of its withdrawals is disputed (see the reasons)
  std::vector<ActionWithoutEffect> without_effect;  // in date order

  // The interval covering `on`, or nullptr when the state had no status yet (none).
  const StatusInterval* interval_on(Date on) const;
  Status status_on(Date on) const;
  // Where it stands for a new action dated `on`, as decide() takes it: its status that day,
  // with its signature, entry into force and withdrawal as recorded (latest round).
  ParticipantState standing_on(Date on) const;
};

struct PartyCount {
  int parties = 0;     // bound on that day (status party, withdrawing or withdrawal_suspended)
  int deposited = 0;   // consent deposited and not withdrawn (the "Nth State Party" count)
  int signatories = 0; // signed, no consent yet (and not un-signed)
};

class TreatyView {
 public:
  // Owns a copy of `record`'s entries for this treaty.
  TreatyView(TreatyProfile profile, Record record);
  TreatyView(const TreatyView&) = delete;  // participants point into record_
  TreatyView& operator=(const TreatyView&) = delete;
  TreatyView(TreatyView&&) = default;

  const TreatyProfile& profile() const { return profile_; }
  const Record& record() const { return record_; }
  std::optional<Date> entry_into_force() const { return eif_; }
  const std::vector<Reason>& entry_into_force_why() const { return eif_why_; }
  const std::map<std::string, ParticipantView>& participants() const { return participants_; }
  const ParticipantView* participant(const std::string& state) const;

  PartyCount count_on(Date on) const;
  // Derived events (all states and the treaty) with from <= date < until, in date order.
  std::vector<DerivedEvent> events_between(Date from, Date until) const;

 private:
  void compute_entry_into_force();
  void entry_into_force_by_fact();
  void entry_into_force_by_count();
  void compute_participant(ParticipantView& p);
  void index_counts();

  TreatyProfile profile_;
  Record record_;
  std::optional<Date> eif_;
  std::optional<Date> threshold_date_;
  std::vector<Reason> eif_why_;
  std::map<std::string, ParticipantView> participants_;
  // Sorted change points with the counts valid from that date on.
  std::vector<std::pair<Date, PartyCount>> counts_;
};

// Keeps the actions of `treaty` and all facts and steps (facts concern states, not treaties).
Record record_for_treaty(const Record& all, const std::string& treaty);

}  // namespace pacta
