// A treaty's status page in the United Nations' layout ("Status of Treaties", MTDSG): one row
// per participant under its UN name, in the UN's order (alphabetical, accents ignored:
// Côte d'Ivoire before Croatia, Türkiye under T), with the date of signature and the date of
// the instrument of consent followed by the UN's letter for its kind (a accession,
// d succession, A acceptance, AA approval; none for ratification). Dates of a state that has
// withdrawn are shown in square brackets, as the UN does. Numbered end notes, in row order,
// tell what the table cannot: withdrawals (and when they take effect, under which article),
// revocations of withdrawal, communications the treaty does not provide for, notices that a
// signatory does not intend to become a party, instruments withdrawn before they took
// effect, successions (from which date) and corrections of the record. Each note names its
// depositary notification and links it where the depositary is the UN.
//
// As of a day D (and as known on T): only what had happened by D, each participant as
// ParticipantView::as_of(D) left it (a withdrawal received by D but taking effect later is
// "will take effect").
#pragma once

#include <boost/json/fwd.hpp>
#include <string>

#include "app/report.h"

namespace pacta {

// The UN's name of a state where it differs from the English short name of the state list
// (data/states.csv), as the UN Treaty Collection writes it on its status pages; else `name`.
std::string un_name(const std::string& iso3, const std::string& name);

// A date as the UN's status pages write it: "3 Dec 1997".
std::string un_date(Date d);

// {"treaty","title","short_title","chapter","depositary","on","known_on","rules_version",
//  "record_note","untc_url","entry_into_force","columns":[3 headings],
//  "counts":{"signatories","parties"},
//  "participants":[{"state","name","signature","signature_text","consent","consent_kind",
//    "consent_letter","consent_text","withdrawn","status","notes":[numbers]}],
//  "notes":[{"number","state","name","kind","date","text","reference","url"}],"cite"}
// Throws nothing for a known treaty; the caller resolves `treaty` first.
boost::json::value status_page_json(const Catalog& c, const std::string& treaty, const Query& q);

// The same page as plain text for a terminal (columns aligned, end notes below).
std::string status_page_text(const boost::json::value& page);

}  // namespace pacta
