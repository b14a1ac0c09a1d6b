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
//
// As of a day D: the intervals and counts are the whole record's (a status on D never depends
// on a later action), but a participant's dates, reasons and derived events as they stood on
// D come from ParticipantView::as_of(D): the same fold over the actions received by D only,
// with the facts as they stood on D (a conflict's end after D is not yet known) and the
// treaty's entry into force as determined by D. One exception, by law: a notification of
// succession deposited after D whose effect reaches back to D or earlier (from the date of the
// succession of States) is part of the answer for D (ParticipantView::retroactive).
#pragma once

#include <deque>
#include <map>
#include <memory>
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

class TreatyView;
class ParticipantOn;

// A consent whose effect starts before its deposit: a notification of succession, from the
// date of the succession of States.
struct RetroactiveConsent {
  const Action* action = nullptr;
  Date effective;
};

struct ParticipantView {
  std::string state;
  // Contiguous, ordered; before the first: none. A first interval of status none carries only
  // the notes of actions without effect recorded before any status of its own.
  std::vector<StatusInterval> intervals;
  // This state's actions, in date order; with a parent whose withdrawals apply to its protocols
  // (CCW art. 9(3)), also that State's withdrawals from the parent (their `treaty` the parent's).
  std::vector<const Action*> actions;
  std::vector<DerivedEvent> derived;
  // Summary of the latest round (a state may join, leave and join again); as_of(D) gives the
  // latest round by D.
  std::optional<Date> signature;
  std::optional<Date> consent;
  std::optional<ActionKind> consent_kind;
  std::optional<Date> entry_into_force;
  std::optional<Date> withdrawal_received;
  std::optional<Date> withdrawal_effective;   // scheduled or past
  std::optional<Date> withdrawal_suspended_from;
  bool has_communications = false;
  // The State ceased to exist on this day (a state_extinction fact): its status is none from
  // then on, what was still to come is dropped, and a later action of it has no effect.
  std::optional<Date> ceased;
  bool disputed = false;  // the effect of one of its withdrawals is disputed (see the reasons)
  std::vector<ActionWithoutEffect> without_effect;  // in date order
  std::vector<RetroactiveConsent> retroactive;       // in date order of deposit

  // The view that built it (set by TreatyView; as_of() refolds through it).
  const TreatyView* treaty = nullptr;
  // From this day on nothing this participant rests on changes (its last action, the last
  // date of a fact about it, the day the treaty's entry into force was last determined):
  // as_of() any day from then on is this participant itself. Empty: as_of() is always itself.
  std::optional<Date> settled_from;

  // The interval covering `on`, or nullptr when the state had no status yet (none).
  const StatusInterval* interval_on(Date on) const;
  Status status_on(Date on) const;
  // Where it stands for a new action dated `on`, as decide() takes it: its status that day,
  // with its signature, entry into force and withdrawal as they stood that day (as_of(on)).
  ParticipantState standing_on(Date on) const;
  // This participant as it stood on `on`: the same fold over the actions received by then
  // (and the consents whose retroactive effect starts by then), with the facts and the
  // treaty's entry into force as they stood then. Its summary is the latest round by `on`;
  // dates after `on` in it are effects scheduled by those actions; its derived events are
  // only theirs. Its status on `on` is status_on(on).
  ParticipantOn as_of(Date on) const;
};

// A participant as of a day: the participant itself, or its refold (owned here).
class ParticipantOn {
 public:
  static ParticipantOn same(const ParticipantView& p) {
    ParticipantOn o;
    o.same_ = &p;
    return o;
  }
  static ParticipantOn refold(ParticipantView p) {
    ParticipantOn o;
    o.own_ = std::move(p);
    return o;
  }
  const ParticipantView& operator*() const { return own_ ? *own_ : *same_; }
  const ParticipantView* operator->() const { return &**this; }
  bool refolded() const { return own_.has_value(); }

 private:
  ParticipantOn() = default;
  const ParticipantView* same_ = nullptr;
  std::optional<ParticipantView> own_;
};

struct PartyCount {
  int parties = 0;     // bound on that day (status party, withdrawing or withdrawal_suspended)
  int deposited = 0;   // consent deposited and not withdrawn (the "Nth State Party" count)
  int signatories = 0; // signed, no consent yet (and not un-signed)
};

// The treaty's own entry into force as it stood on a day.
struct TreatyInForce {
  std::optional<Date> date;       // empty: not determined by that day (or not computable)
  std::optional<Date> threshold;  // deposit of the instrument (or recorded date) that determined it
  std::vector<Reason> why;
};

class TreatyView {
 public:
  // Owns a copy of `record`'s entries for this treaty. `parent`: the view of the treaty the
  // profile depends on (TreatyProfile::parent_treaty(), as known on the same day), which its
  // entry into force waits for under [entry_into_force] subject_to; without it that condition
  // is not applied, and the explanation says so.
  TreatyView(TreatyProfile profile, Record record, std::shared_ptr<const TreatyView> parent = nullptr);
  TreatyView(const TreatyView&) = delete;  // participants point into record_ and back here
  TreatyView& operator=(const TreatyView&) = delete;
  TreatyView(TreatyView&& other);

  const TreatyProfile& profile() const { return profile_; }
  const Record& record() const { return record_; }
  const TreatyView* parent() const { return parent_.get(); }
  std::optional<Date> entry_into_force() const { return eif_; }
  const std::vector<Reason>& entry_into_force_why() const { return eif_why_; }
  const std::map<std::string, ParticipantView>& participants() const { return participants_; }
  const ParticipantView* participant(const std::string& state) const;

  // The treaty's entry into force as determined by `on`: empty before the instrument (or the
  // recorded fact) that brought it about; the same as entry_into_force() once it is known.
  TreatyInForce entry_into_force_on(Date on) const;
  // When every State of a list must deposit (CTBT art. XIV(1), Annex 2): those of the list
  // without a standing instrument that counts on `on` (an instrument withdrawn no longer counts),
  // in the profile's order; empty when the profile has no such list or all have deposited.
  std::vector<std::string> required_missing(Date on) const;

  PartyCount count_on(Date on) const;
  // Derived events (all states and the treaty) with from <= date < until, in date order.
  std::vector<DerivedEvent> events_between(Date from, Date until) const;
  // The same as they stood on `as_of`: only effects of the actions received by then, and the
  // treaty's entry into force once determined by then.
  std::vector<DerivedEvent> events_between(Date from, Date until, Date as_of) const;

  // ParticipantView::as_of()'s refold of `p` with what had happened by `on`.
  ParticipantView fold_as_of(const ParticipantView& p, Date on) const;

 private:
  // After the instruments deposited on `from`: how many count towards entry into force, and
  // the one that met the threshold (nullptr: not yet met).
  struct CountStep {
    Date from;
    int counted = 0;
    const Action* nth = nullptr;
  };

  void compute_entry_into_force();
  void entry_into_force_by_fact();
  void entry_into_force_by_count();
  TreatyInForce in_force_by_count(const CountStep& step, std::optional<Date> on) const;
  TreatyInForce in_force_by_required(std::optional<Date> on) const;
  void not_before_opening(TreatyInForce& t) const;
  TreatyInForce own_entry_into_force_on(Date on) const;
  TreatyInForce subject_to_parent(TreatyInForce own, const TreatyInForce& parent, std::optional<Date> on) const;
  void compute_participant(ParticipantView& p);
  void settle(ParticipantView& p) const;
  void index_counts();

  TreatyProfile profile_;
  Record record_;
  std::shared_ptr<const TreatyView> parent_;
  // Under subject_to: the treaty's own condition alone, and the day it was settled.
  std::optional<TreatyInForce> own_eif_;
  std::optional<Date> own_settled_from_;
  // The parent's withdrawals carried into this protocol's participants (CCW art. 9(3)).
  std::deque<Action> carried_;
  void carry_parent_withdrawals();
  std::optional<Date> eif_;
  std::optional<Date> threshold_date_;
  std::vector<Reason> eif_why_;
  std::vector<CountStep> count_steps_;    // by count: one per change, in date order
  std::optional<Date> eif_settled_from_;  // from this day on, entry_into_force_on() is the final one
  std::map<std::string, ParticipantView> participants_;
  // Sorted change points with the counts valid from that date on.
  std::vector<std::pair<Date, PartyCount>> counts_;
};

// Keeps the actions of `treaty` and all facts and steps (facts concern states, not treaties).
Record record_for_treaty(const Record& all, const std::string& treaty);

}  // namespace pacta
