#include "server/openapi.h"

#include <boost/json.hpp>

namespace pacta {
namespace {

// Each parameter carries an `example` the contract test uses to call the path.
constexpr const char* kDocument = R"json({
  "openapi": "3.1.0",
  "info": {
    "title": "pacta",
    "version": "1.0.0",
    "summary": "Who is bound by a multilateral treaty, on any day, and why",
    "description": "The depositary record pacta keeps, and what it computes from it. Every date is ISO 8601 (YYYY-MM-DD, a day that exists). `on` defaults to today (UTC, or $PACTA_TODAY of the server). `known_on` restricts the record to entries recorded by that date. Unknown query parameters are refused (400). Errors are JSON objects {\"error\":{\"code\",\"message\",\"parameter\"}}: 400 names the bad parameter, 404 names what was not found, 405 a method the path does not take. Reads are GET or HEAD; writes (POST /actions, /facts, /steps) need a bearer token of role recorder and go through the same checks as the pacta command."
  },
  "servers": [{"url": "/api/v1"}],
  "paths": {
    "/treaties": {
      "get": {
        "summary": "Treaties with their entry into force and counts on a date",
        "parameters": [{"$ref": "#/components/parameters/on"}],
        "responses": {
          "200": {"description": "the treaties", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Treaties"}}}},
          "400": {"$ref": "#/components/responses/BadParameter"}
        }
      }
    },
    "/treaties/{treaty}": {
      "get": {
        "summary": "A treaty: titles, depositary, entry into force with its explanation, counts, signatories, pending or suspended withdrawals, communications, what takes effect next, its rules with the articles quoted, and the treaty body's competences with the states accepting each",
        "parameters": [{"$ref": "#/components/parameters/treaty"}, {"$ref": "#/components/parameters/on"}, {"$ref": "#/components/parameters/known_on"}],
        "responses": {
          "200": {"description": "the treaty", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Treaty"}}}},
          "400": {"$ref": "#/components/responses/BadParameter"},
          "404": {"$ref": "#/components/responses/NotFound"}
        }
      }
    },
    "/treaties/{treaty}/participants": {
      "get": {
        "summary": "The status table: every participant (any state with an action recorded), its status on the date, signature, consent and its kind, entry into force for it, withdrawal received, effective or suspended. CSV with `Accept: text/csv` or the path `/treaties/{treaty}/participants.csv`.",
        "parameters": [{"$ref": "#/components/parameters/treaty"}, {"$ref": "#/components/parameters/on"}, {"$ref": "#/components/parameters/known_on"}],
        "responses": {
          "200": {"description": "the status table",
                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Participants"}},
                              "text/csv": {"schema": {"type": "string", "description": "header: state,name,status,signature,consent_kind,consent,entry_into_force,withdrawal_received,withdrawal_effective,withdrawal_suspended_from"}}}},
          "400": {"$ref": "#/components/responses/BadParameter"},
          "404": {"$ref": "#/components/responses/NotFound"}
        }
      }
    },
    "/treaties/{treaty}/participants.csv": {
      "get": {
        "summary": "The status table as CSV (same rows as /treaties/{treaty}/participants)",
        "parameters": [{"$ref": "#/components/parameters/treaty"}, {"$ref": "#/components/parameters/on"}, {"$ref": "#/components/parameters/known_on"}],
        "responses": {
          "200": {"description": "CSV, RFC 4180, CRLF line ends", "content": {"text/csv": {"schema": {"type": "string"}}}},
          "400": {"$ref": "#/components/responses/BadParameter"},
          "404": {"$ref": "#/components/responses/NotFound"}
        }
      }
    },
    "/treaties/{treaty}/participants/{state}": {
      "get": {
        "summary": "Status of one state on a date, since and until when, what comes next, and the explanation (rule, article quoted, instruments used)",
        "parameters": [{"$ref": "#/components/parameters/treaty"}, {"$ref": "#/components/parameters/state"}, {"$ref": "#/components/parameters/on"}, {"$ref": "#/components/parameters/known_on"}],
        "responses": {
          "200": {"description": "the status", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Status"}}}},
          "400": {"$ref": "#/components/responses/BadParameter"},
          "404": {"$ref": "#/components/responses/NotFound"}
        }
      }
    },
    "/treaties/{treaty}/participants/{state}/timeline": {
      "get": {
        "summary": "Every action, domestic step, fact and derived date of a state under a treaty, in date order, and its status intervals",
        "parameters": [{"$ref": "#/components/parameters/treaty"}, {"$ref": "#/components/parameters/state"}, {"$ref": "#/components/parameters/known_on"}],
        "responses": {
          "200": {"description": "the timeline", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Timeline"}}}},
          "400": {"$ref": "#/components/responses/BadParameter"},
          "404": {"$ref": "#/components/responses/NotFound"}
        }
      }
    },
    "/treaties/{treaty}/status-page": {
      "get": {
        "summary": "The treaty's status page in the United Nations' layout: Participant / Signature / Ratification, Accession (a), Succession (d), Acceptance (A), Approval (AA), each participant under its UN name in the UN's order (accents ignored), dates as the UN writes them (\"3 Dec 1997\", a withdrawn state's in square brackets), with numbered end notes for withdrawals, revocations, communications, notices of not intending to become a party, instruments withdrawn, successions and corrections, each with its depositary notification (linked when the UN is the depositary), and the treaty's page on the UN Treaty Collection. As of `on` (and `known_on`): only what had happened by then.",
        "parameters": [{"$ref": "#/components/parameters/treaty"}, {"$ref": "#/components/parameters/on"}, {"$ref": "#/components/parameters/known_on"}],
        "responses": {
          "200": {"description": "the status page", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/StatusPage"}}}},
          "400": {"$ref": "#/components/responses/BadParameter"},
          "404": {"$ref": "#/components/responses/NotFound"}
        }
      }
    },
    "/treaties/{treaty}/relation": {
      "get": {
        "summary": "Between two states on a day: whether the treaty is in force between them (both bound, no objection precluding it: VCLT art. 20(4)(b)) and which reservations apply between them, each with its effect (art. 21(1) reciprocity when the other did not object; art. 21(3) when it objected without precluding) and reasons quoting the Vienna Convention (treaties/law/vclt.toml). A reservation applies from the entry into force of the consent it accompanies until it is withdrawn (in full; a partial withdrawal is named) or that consent ends; an objection lapses with its withdrawal or the objector's leaving.",
        "parameters": [
          {"$ref": "#/components/parameters/treaty"},
          {"name": "a", "in": "query", "required": true, "description": "a state: ISO 3166-1 alpha-3 code or name", "schema": {"type": "string"}, "example": "DNK"},
          {"name": "b", "in": "query", "required": true, "description": "another state", "schema": {"type": "string"}, "example": "TTO"},
          {"$ref": "#/components/parameters/on"}, {"$ref": "#/components/parameters/known_on"}
        ],
        "responses": {
          "200": {"description": "the relation", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Relation"}}}},
          "400": {"$ref": "#/components/responses/BadParameter"},
          "404": {"$ref": "#/components/responses/NotFound"}
        }
      }
    },
    "/treaties/{treaty}/series": {
      "get": {
        "summary": "Counts over time: parties (bound that day), deposited (consent deposited, not withdrawn) and signatories, on every day or on the first day of every month of [from, to]",
        "parameters": [
          {"$ref": "#/components/parameters/treaty"},
          {"name": "from", "in": "query", "description": "first day (default: the treaty's adoption); with step=month the first point is the first first-of-month on or after it", "schema": {"type": "string", "format": "date"}, "example": "2025-06-01"},
          {"name": "to", "in": "query", "description": "last day, inclusive (default today); at most 40000 points", "schema": {"type": "string", "format": "date"}, "example": "2026-03-01"},
          {"name": "step", "in": "query", "schema": {"type": "string", "enum": ["month", "day"], "default": "month"}, "example": "month"},
          {"$ref": "#/components/parameters/known_on"}
        ],
        "responses": {
          "200": {"description": "the series", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Series"}}}},
          "400": {"$ref": "#/components/responses/BadParameter"},
          "404": {"$ref": "#/components/responses/NotFound"}
        }
      }
    },
    "/states": {
      "get": {
        "summary": "Every state pacta knows: ISO 3166-1 alpha-3 and numeric codes, name, other names",
        "responses": {
          "200": {"description": "the states", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/States"}}}}
        }
      }
    },
    "/states/{state}": {
      "get": {
        "summary": "One state under every treaty: the status of each on a date, with explanations",
        "parameters": [{"$ref": "#/components/parameters/state"}, {"$ref": "#/components/parameters/on"}, {"$ref": "#/components/parameters/known_on"}],
        "responses": {
          "200": {"description": "the state", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/State"}}}},
          "400": {"$ref": "#/components/responses/BadParameter"},
          "404": {"$ref": "#/components/responses/NotFound"}
        }
      }
    },
    "/upcoming": {
      "get": {
        "summary": "Effects due in the window [from, from+days), all treaties: entries into force, withdrawal effects, suspensions, obligation deadlines",
        "parameters": [
          {"name": "from", "in": "query", "description": "first day (default today)", "schema": {"type": "string", "format": "date"}, "example": "2025-12-01"},
          {"name": "days", "in": "query", "description": "length of the window", "schema": {"type": "integer", "minimum": 1, "maximum": 36600, "default": 90}, "example": 90},
          {"$ref": "#/components/parameters/known_on"}
        ],
        "responses": {
          "200": {"description": "the effects", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Upcoming"}}}},
          "400": {"$ref": "#/components/responses/BadParameter"}
        }
      }
    },
    "/panel.csv": {
      "get": {
        "summary": "Long-format panel: one row per treaty, state and date (as pacta export panel; /panel without .csv gives JSON lines). At most 400 dates and 1,000,000 rows",
        "parameters": [
          {"name": "treaty", "in": "query", "description": "treaty ids, comma separated (default: every treaty)", "schema": {"type": "string"}, "example": "apmbc,ccm"},
          {"name": "from", "in": "query", "description": "first date (default 1 January of the year of 'to')", "schema": {"type": "string", "format": "date"}, "example": "2020-01-01"},
          {"name": "to", "in": "query", "description": "last date (default today)", "schema": {"type": "string", "format": "date"}, "example": "2026-01-01"},
          {"name": "step", "in": "query", "schema": {"type": "string", "enum": ["year", "month", "day"], "default": "year"}, "example": "year"},
          {"name": "states", "in": "query", "description": "all: every state, a row with status none for non-participants", "schema": {"type": "string", "enum": ["participants", "all"], "default": "participants"}, "example": "participants"},
          {"name": "bom", "in": "query", "schema": {"type": "boolean", "default": false}, "example": false},
          {"$ref": "#/components/parameters/known_on"}
        ],
        "responses": {
          "200": {"description": "columns treaty, state, name, date, status, party, since, until, consent, entry_into_force, withdrawal_effective, disputed, communications, rules_version", "content": {"text/csv": {"schema": {"type": "string"}}}},
          "400": {"$ref": "#/components/responses/BadParameter"}
        }
      }
    },
    "/intervals.csv": {
      "get": {
        "summary": "One row per treaty, participant and status interval (as pacta export intervals; /intervals without .csv gives JSON lines)",
        "parameters": [
          {"name": "treaty", "in": "query", "description": "treaty ids, comma separated (default: every treaty)", "schema": {"type": "string"}, "example": "paris"},
          {"name": "bom", "in": "query", "schema": {"type": "boolean", "default": false}, "example": false},
          {"$ref": "#/components/parameters/known_on"}
        ],
        "responses": {
          "200": {"description": "columns treaty, state, name, status, from, until (exclusive), rules_version", "content": {"text/csv": {"schema": {"type": "string"}}}},
          "400": {"$ref": "#/components/responses/BadParameter"}
        }
      }
    },
    "/notifications": {
      "get": {
        "summary": "Depositary notifications issued (pacta notify, or POST /actions?notify=true), newest first, with their rendered text",
        "parameters": [
          {"name": "treaty", "in": "query", "description": "only this treaty (profile id or short title)", "schema": {"type": "string"}, "example": "apmbc"},
          {"name": "since", "in": "query", "description": "only those issued on or after this day", "schema": {"type": "string", "format": "date"}, "example": "2020-01-01"}
        ],
        "responses": {
          "200": {"description": "the notifications", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Notifications"}}}},
          "400": {"$ref": "#/components/responses/BadParameter"}
        }
      }
    },
    "/notifications.atom": {
      "get": {
        "summary": "The same notifications as an Atom feed (RFC 4287), to subscribe to",
        "parameters": [
          {"name": "treaty", "in": "query", "schema": {"type": "string"}, "example": "apmbc"},
          {"name": "since", "in": "query", "schema": {"type": "string", "format": "date"}, "example": "2020-01-01"}
        ],
        "responses": {
          "200": {"description": "Atom feed; each entry's content is the notification's text", "content": {"application/atom+xml": {"schema": {"type": "string"}}}},
          "400": {"$ref": "#/components/responses/BadParameter"}
        }
      }
    },
    "/actions": {
      "post": {
        "summary": "Record an action (signature, ratification, withdrawal, communication, ...) through the same checks as `pacta record`; nothing is written if a check refuses",
        "security": [{"bearer": []}],
        "parameters": [{"name": "notify", "in": "query", "description": "also issue its depositary notification, in the same transaction (refused, 422, for a treaty whose depositary issues no C.N.s)", "schema": {"type": "boolean", "default": false}, "example": false},
                       {"$ref": "#/components/parameters/idempotency_key"}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["treaty", "state", "kind", "date", "source"], "properties": {
          "treaty": {"type": "string"}, "state": {"type": "string", "description": "alpha-3 or name"},
          "kind": {"type": "string", "description": "signature, ratification, acceptance, approval, accession, succession, withdrawal, withdrawal-revocation, not-intending, instrument-withdrawal, reservation, declaration, objection, communication"},
          "date": {"$ref": "#/components/schemas/Date"}, "reference": {"type": "string", "description": "C.N. reference"},
          "source": {"type": "string"}, "text": {"type": "string", "description": "the instrument's text (required for an Ottawa withdrawal, art. 20(2))"},
          "notes": {"type": "string"}, "later_date": {"$ref": "#/components/schemas/Date"}}}}}},
        "responses": {
          "201": {"description": "recorded; Location is the state's timeline", "content": {"application/json": {"schema": {"type": "object", "required": ["id", "treaty", "state", "kind", "date", "recorded_by", "consequences", "notification"], "properties": {
            "id": {"type": "integer", "description": "ledger sequence number"}, "treaty": {"type": "string"}, "state": {"type": "string"}, "kind": {"type": "string"},
            "date": {"$ref": "#/components/schemas/Date"}, "recorded_by": {"type": "string"}, "supersedes": {"type": ["integer", "null"]},
            "consequences": {"type": "array", "items": {"type": "string"}, "description": "what the engine now computes for the state"},
            "notification": {"type": ["string", "null"], "description": "the C.N. reference when notify=true"}}}}}},
          "400": {"$ref": "#/components/responses/BadBody"}, "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"},
          "409": {"$ref": "#/components/responses/Conflict"}, "415": {"$ref": "#/components/responses/NotJson"}, "422": {"$ref": "#/components/responses/Refused"}
        }
      }
    },
    "/facts": {
      "post": {
        "summary": "Record a fact the rules depend on (an armed conflict), as `pacta record-fact`",
        "security": [{"bearer": []}],
        "parameters": [{"$ref": "#/components/parameters/idempotency_key"}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["state", "from", "source"], "properties": {
          "state": {"type": "string"}, "kind": {"type": "string", "enum": ["armed_conflict", "state_succession", "state_extinction"], "default": "armed_conflict"},
          "from": {"$ref": "#/components/schemas/Date"}, "to": {"$ref": "#/components/schemas/Date"}, "source": {"type": "string"}, "notes": {"type": "string"}}}}}},
        "responses": {
          "201": {"description": "recorded", "content": {"application/json": {"schema": {"type": "object", "required": ["id", "state", "kind", "from", "to", "recorded_by"]}}}},
          "400": {"$ref": "#/components/responses/BadBody"}, "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"},
          "409": {"$ref": "#/components/responses/Conflict"}, "415": {"$ref": "#/components/responses/NotJson"}, "422": {"$ref": "#/components/responses/Refused"}
        }
      }
    },
    "/steps": {
      "post": {
        "summary": "Record a domestic step (a vote, decree, law, statement), as `pacta record-step`; it changes no status",
        "security": [{"bearer": []}],
        "parameters": [{"$ref": "#/components/parameters/idempotency_key"}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["state", "date", "kind", "source"], "properties": {
          "state": {"type": "string"}, "treaty": {"type": "string"}, "date": {"$ref": "#/components/schemas/Date"}, "kind": {"type": "string"},
          "body": {"type": "string"}, "description": {"type": "string"}, "source": {"type": "string"}}}}}},
        "responses": {
          "201": {"description": "recorded", "content": {"application/json": {"schema": {"type": "object", "required": ["id", "state", "treaty", "kind", "date", "recorded_by"]}}}},
          "400": {"$ref": "#/components/responses/BadBody"}, "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"},
          "409": {"$ref": "#/components/responses/Conflict"}, "415": {"$ref": "#/components/responses/NotJson"}, "422": {"$ref": "#/components/responses/Refused"}
        }
      }
    },
    "/openapi.json": {
      "get": {
        "summary": "This document",
        "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {"schema": {"type": "object", "required": ["openapi", "paths"]}}}}}
      }
    }
  },
  "components": {
    "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "description": "a token from `pacta token create --role recorder` (reader tokens get 403)"}},
    "parameters": {
      "idempotency_key": {"name": "Idempotency-Key", "in": "header", "required": false, "description": "a retried request with the same key and body is answered as the first (header Idempotent-Replayed: true) and recorded once", "schema": {"type": "string", "maxLength": 255}},
      "treaty": {"name": "treaty", "in": "path", "required": true, "description": "profile id (apmbc), case-insensitive, or the short title", "schema": {"type": "string"}, "example": "apmbc"},
      "state": {"name": "state", "in": "path", "required": true, "description": "ISO 3166-1 alpha-3 code in any case, or the English short name", "schema": {"type": "string"}, "example": "LTU"},
      "on": {"name": "on", "in": "query", "description": "the day asked about (default today)", "schema": {"type": "string", "format": "date"}, "example": "2025-12-27"},
      "known_on": {"name": "known_on", "in": "query", "description": "use only what was recorded by this day", "schema": {"type": "string", "format": "date"}, "example": "2026-01-01"}
    },
    "responses": {
      "BadParameter": {"description": "a parameter is malformed or unknown; error.parameter names it", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "NotFound": {"description": "no such treaty, state or path; the message names it", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "BadBody": {"description": "the body is not a JSON object with the fields required, or names an unknown treaty, state or kind; the message names the field", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "Unauthorized": {"description": "no bearer token, or an unknown one (WWW-Authenticate: Bearer)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "Forbidden": {"description": "the token's role may not record", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "NotJson": {"description": "the body is not application/json", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "Conflict": {"description": "the Idempotency-Key was already used for a different request; nothing was written", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "Refused": {"description": "a check refused it (the message names the rule and quotes the article); nothing was written", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    },
    "schemas": {
      "Date": {"type": "string", "format": "date"},
      "OptionalDate": {"type": ["string", "null"], "format": "date"},
      "StatusName": {"type": "string", "enum": ["none", "signatory", "not_intending", "contracting", "party", "withdrawing", "withdrawal_suspended", "withdrawn"],
                     "description": "party, withdrawing and withdrawal_suspended count as parties (bound on that day)"},
      "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {
        "code": {"type": "string", "enum": ["bad_parameter", "bad_request", "bad_body", "not_found", "method_not_allowed", "not_acceptable", "unauthorized", "forbidden", "unsupported_media_type", "refused", "headers_too_large", "body_too_large", "busy", "unavailable", "read_only", "internal"]},
        "message": {"type": "string"},
        "parameter": {"type": "string", "description": "the query parameter at fault (400 only)"}}}}},
      "Count": {"type": "object", "required": ["parties", "deposited", "signatories"], "properties": {
        "parties": {"type": "integer", "description": "states bound by the treaty on that day"},
        "deposited": {"type": "integer", "description": "states that have deposited consent and not withdrawn"},
        "signatories": {"type": "integer", "description": "signed, no consent yet"}}},
      "Reason": {"type": "object", "required": ["text", "article", "quote", "references", "entries"], "properties": {
        "text": {"type": "string", "description": "a sentence a person can read"},
        "article": {"type": "string", "description": "the article applied, empty for plain record facts"},
        "quote": {"type": "string", "description": "the article's words"},
        "references": {"type": "array", "items": {"type": "string"}, "description": "depositary notifications used"},
        "entries": {"type": "array", "items": {"type": "integer"}, "description": "ledger sequence numbers of the entries used"},
        "disputed": {"type": "boolean", "description": "present and true when this is one reading of a disputed effect"},
        "noted_on": {"$ref": "#/components/schemas/Date"}}},
      "Event": {"type": "object", "required": ["treaty", "date", "state", "name", "kind", "label", "conditional", "explanation"], "properties": {
        "treaty": {"type": "string"}, "date": {"$ref": "#/components/schemas/Date"},
        "state": {"type": ["string", "null"], "description": "null for the treaty's own entry into force"}, "name": {"type": ["string", "null"]},
        "kind": {"type": "string", "description": "treaty_entry_into_force, entry_into_force, withdrawal_effect, withdrawal_suspended or obligation_deadline"},
        "label": {"type": "string"}, "conditional": {"type": "boolean", "description": "a later fact (an armed conflict) could change it"},
        "explanation": {"type": "array", "items": {"$ref": "#/components/schemas/Reason"}}}},
      "Row": {"type": "object", "required": ["state", "name", "status", "signature", "consent", "consent_kind", "entry_into_force", "withdrawal_received", "withdrawal_effective", "withdrawal_suspended_from", "communications"], "properties": {
        "state": {"type": "string", "description": "ISO 3166-1 alpha-3"}, "name": {"type": "string"},
        "status": {"$ref": "#/components/schemas/StatusName"},
        "party": {"type": "boolean", "description": "status counts as party (participants table only)"},
        "signature": {"$ref": "#/components/schemas/OptionalDate"}, "consent": {"$ref": "#/components/schemas/OptionalDate"},
        "consent_kind": {"type": ["string", "null"], "description": "ratification, acceptance, approval, accession or succession"},
        "entry_into_force": {"$ref": "#/components/schemas/OptionalDate"},
        "withdrawal_received": {"$ref": "#/components/schemas/OptionalDate"},
        "withdrawal_effective": {"$ref": "#/components/schemas/OptionalDate"},
        "withdrawal_suspended_from": {"$ref": "#/components/schemas/OptionalDate"},
        "communications": {"type": "boolean", "description": "the state made communications the treaty does not provide for"},
        "disputed": {"type": "boolean", "description": "the effect of one of its withdrawals is disputed (participants table only; see the state's explanation)"},
        "scheduled": {"type": "array", "items": {"type": "string"}, "description": "the names of this row's date fields that lie after the day asked: effects scheduled by instruments received by then (an entry into force, a withdrawal's effect), shown as scheduled"},
        "retroactive": {"type": "array", "items": {"type": "string"}, "description": "the names of this row's date fields recorded after the day asked but effective from before it (a notification of succession counted from the date of the succession of States)"},
        "competences": {"type": "array", "items": {"type": "string"}, "description": "only for a treaty whose profile has competences ([[competence]]): the ids of those the state accepts on the day asked (opt_in: a declaration in effect and, when the article requires a number of declarations, the competence itself in force; opt_out: a party that has not declared that it does not recognise it); the same computation as the competences of /treaties/{treaty}/participants/{state}"}}},
      "TreatySummary": {"type": "object", "required": ["id", "title", "short_title", "chapter", "depositary", "adopted", "entry_into_force", "record_note", "on", "count"], "properties": {
        "record_note": {"type": "string", "description": "what the bundled record lacks, empty when complete"},
        "id": {"type": "string"}, "title": {"type": "string"}, "short_title": {"type": "string"}, "chapter": {"type": "string"},
        "depositary": {"type": "string"}, "adopted": {"$ref": "#/components/schemas/Date"},
        "entry_into_force": {"$ref": "#/components/schemas/OptionalDate"}, "on": {"$ref": "#/components/schemas/Date"},
        "parent": {"type": "string", "description": "a protocol's parent treaty (absent otherwise)"},
        "count": {"$ref": "#/components/schemas/Count"}}},
      "Treaties": {"type": "object", "required": ["on", "treaties"], "properties": {
        "on": {"$ref": "#/components/schemas/Date"}, "treaties": {"type": "array", "items": {"$ref": "#/components/schemas/TreatySummary"}}}},
      "Treaty": {"type": "object", "required": ["treaty", "title", "short_title", "depositary", "on", "entry_into_force", "entry_into_force_explanation", "record_note", "count", "signatories", "contracting", "withdrawals_pending", "withdrawals_suspended", "communications", "next", "chapter", "place", "adopted", "sources", "rules"], "properties": {
        "treaty": {"type": "string"}, "title": {"type": "string"}, "short_title": {"type": "string"}, "depositary": {"type": "string"},
        "on": {"$ref": "#/components/schemas/Date"}, "entry_into_force": {"$ref": "#/components/schemas/OptionalDate"},
        "entry_into_force_explanation": {"type": "array", "items": {"$ref": "#/components/schemas/Reason"}},
        "record_note": {"type": "string", "description": "what the bundled record lacks, empty when complete"},
        "count": {"$ref": "#/components/schemas/Count"},
        "signatories": {"type": "array", "items": {"$ref": "#/components/schemas/Row"}},
        "contracting": {"type": "array", "items": {"$ref": "#/components/schemas/Row"}, "description": "consent deposited, not yet in force for them"},
        "withdrawals_pending": {"type": "array", "items": {"$ref": "#/components/schemas/Row"}},
        "withdrawals_suspended": {"type": "array", "items": {"$ref": "#/components/schemas/Row"}},
        "communications": {"type": "array", "items": {"type": "object"}, "description": "actions of kind communication up to `on` (no change of status)"},
        "next": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}, "description": "up to 10 effects after `on`"},
        "chapter": {"type": "string"}, "place": {"type": "string"}, "adopted": {"$ref": "#/components/schemas/Date"},
        "sources": {"type": "array", "items": {"type": "string"}},
        "parent": {"type": "object", "description": "a protocol or amendment open only to the parties of this treaty ([consent.parent], CCW art. 4(4))", "properties": {"treaty": {"type": "string"}, "article": {"type": "string"}, "quote": {"type": "string"}}},
        "protocols": {"type": "array", "description": "the treaties whose parent this one is, each on `on`", "items": {"type": "object", "properties": {"treaty": {"type": "string"}, "short_title": {"type": "string"}, "chapter": {"type": "string"}, "entry_into_force": {"$ref": "#/components/schemas/OptionalDate"}, "count": {"$ref": "#/components/schemas/Count"}}}},
        "protocols_rule": {"type": "object", "description": "consent comes with consent to this many protocols (CCW art. 4(3))", "properties": {"article": {"type": "string"}, "quote": {"type": "string"}, "minimum_with_consent": {"type": "integer"}, "annexed_unrecorded": {"type": "array", "items": {"type": "string"}}}},
        "entry_into_force_requires": {"type": "object", "description": "every listed State's instrument is required (CTBT art. XIV(1), Annex 2)", "properties": {"article": {"type": "string"}, "quote": {"type": "string"}, "states": {"type": "array", "items": {"type": "object", "properties": {"state": {"type": "string"}, "name": {"type": "string"}, "deposited": {"type": "boolean"}}}}, "not_deposited": {"type": "array", "items": {"type": "object"}}}},
        "rules": {"type": "array", "items": {"type": "object", "required": ["rule", "summary", "article", "quote"], "properties": {
          "rule": {"type": "string"}, "summary": {"type": "string"}, "article": {"type": "string"}, "quote": {"type": "string"}}}},
        "competences": {"type": "array", "description": "the treaty body's competences in the profile ([[competence]], in its order; empty when it has none) on `on`, each with the states accepting it that day", "items": {"type": "object", "required": ["id", "title", "kind", "article", "quote", "declarations_required", "declared", "in_force", "in_force_since", "effect_article", "accepting", "parties_not_accepting", "accepted_by"], "properties": {
          "id": {"type": "string", "description": "e.g. art41; the value found in a row's competences"}, "title": {"type": "string"},
          "kind": {"type": "string", "enum": ["opt_in", "opt_out"], "description": "opt_in: accepted by a declaration; opt_out: accepted by every party that has not declared that it does not recognise it"},
          "article": {"type": "string"}, "quote": {"type": "string"},
          "declarations_required": {"type": "integer", "description": "the number of declarations after which the competence itself comes into force (ICCPR art. 41(2): 10); 0: from each declaration"},
          "declared": {"type": "integer", "description": "states that had made a declaration by `on`, withdrawn or not"},
          "in_force": {"type": "boolean", "description": "the competence itself is in force on `on` (always true when no number of declarations is required)"},
          "in_force_since": {"$ref": "#/components/schemas/OptionalDate", "description": "the date of the declaration that brought it into force; null when none is required or too few have been made"},
          "effect_article": {"type": ["string", "null"], "description": "the article stating that condition"},
          "accepting": {"type": "integer", "description": "the number of states accepting it on `on` (the length of accepted_by)"},
          "parties_not_accepting": {"type": "integer", "description": "parties on `on` that do not accept it"},
          "accepted_by": {"type": "array", "description": "the states accepting it on `on`, in state-code order", "items": {"type": "object", "required": ["state", "name", "since", "declaration"], "properties": {
            "state": {"type": "string"}, "name": {"type": "string"}, "since": {"$ref": "#/components/schemas/OptionalDate", "description": "accepted from this day"},
            "declaration": {"$ref": "#/components/schemas/OptionalDate", "description": "opt_in: the declaration in effect; null for opt_out"}}}}}}}}},
      "Participants": {"type": "object", "required": ["treaty", "on", "known_on", "record_note", "count", "by_status", "participants"], "properties": {
        "treaty": {"type": "string"}, "record_note": {"type": "string", "description": "what the bundled record lacks, empty when complete"}, "on": {"$ref": "#/components/schemas/Date"}, "known_on": {"$ref": "#/components/schemas/OptionalDate"},
        "count": {"$ref": "#/components/schemas/Count"},
        "by_status": {"type": "object", "additionalProperties": {"type": "integer"}, "description": "number of participants in each status"},
        "participants": {"type": "array", "items": {"$ref": "#/components/schemas/Row"}}}},
      "Status": {"type": "object", "required": ["treaty", "state", "name", "on", "known_on", "status", "party", "disputed", "since", "until", "next_status", "explanation"], "properties": {
        "treaty": {"type": "string"}, "state": {"type": "string"}, "name": {"type": "string"},
        "on": {"$ref": "#/components/schemas/Date"}, "known_on": {"$ref": "#/components/schemas/OptionalDate"},
        "status": {"$ref": "#/components/schemas/StatusName"}, "party": {"type": "boolean"},
        "disputed": {"type": "boolean", "description": "the status rests on a disputed effect; the explanation gives every reading"},
        "since": {"$ref": "#/components/schemas/OptionalDate"}, "until": {"$ref": "#/components/schemas/OptionalDate", "description": "exclusive"},
        "next_status": {"type": ["string", "null"]},
        "explanation": {"type": "array", "items": {"$ref": "#/components/schemas/Reason"}},
        "record": {"type": "object", "description": "the Row fields other than state, name and status (absent when the state has no action recorded)"},
        "competences": {"type": "array", "description": "the treaty body's competences in the profile ([[competence]]) and whether the state accepts each on that day", "items": {"type": "object", "required": ["id", "title", "kind", "accepted", "since", "article", "quote", "declaration", "explanation"], "properties": {
          "id": {"type": "string"}, "title": {"type": "string"}, "kind": {"type": "string", "enum": ["opt_in", "opt_out"]},
          "accepted": {"type": "boolean"}, "since": {"$ref": "#/components/schemas/OptionalDate"},
          "article": {"type": "string"}, "quote": {"type": "string"},
          "declaration": {"$ref": "#/components/schemas/OptionalDate", "description": "opt_in: the declaration in effect; opt_out: the declaration that it does not recognise the competence"},
          "explanation": {"type": "array", "items": {"$ref": "#/components/schemas/Reason"}}}}},
        "reservations": {"type": "array", "description": "its reservations in effect that day", "items": {"type": "object", "required": ["date", "reference", "since", "partially_withdrawn", "text", "seq"], "properties": {
          "date": {"$ref": "#/components/schemas/Date"}, "reference": {"type": "string"}, "since": {"$ref": "#/components/schemas/Date"},
          "partially_withdrawn": {"$ref": "#/components/schemas/OptionalDate"}, "qualifier": {"type": ["string", "null"], "description": "with-declarations: not separated from declarations on the page"},
          "text": {"type": "string"}, "seq": {"type": "integer"}}}}}},
      "Relation": {"type": "object", "required": ["treaty", "a", "b", "on", "known_on", "status_a", "status_b", "in_force", "explanation", "reservations", "law", "cite"], "properties": {
        "treaty": {"type": "string"}, "a": {"type": "string"}, "a_name": {"type": "string"}, "b": {"type": "string"}, "b_name": {"type": "string"},
        "on": {"$ref": "#/components/schemas/Date"}, "known_on": {"$ref": "#/components/schemas/OptionalDate"},
        "status_a": {"$ref": "#/components/schemas/StatusName"}, "status_b": {"$ref": "#/components/schemas/StatusName"},
        "in_force": {"type": "boolean", "description": "the treaty is in force between the two on that day"},
        "explanation": {"type": "array", "items": {"$ref": "#/components/schemas/Reason"}},
        "reservations": {"type": "array", "items": {"type": "object", "required": ["by", "other", "date", "since", "effect", "objection", "objection_precludes", "partially_withdrawn", "accepted_tacitly_from", "explanation"], "properties": {
          "by": {"type": "string", "description": "the reserving state"}, "other": {"type": "string"},
          "date": {"$ref": "#/components/schemas/Date"}, "reference": {"type": "string"}, "seq": {"type": "integer"}, "text": {"type": "string"},
          "qualifier": {"type": ["string", "null"], "description": "with-declarations: not separated from declarations on the page"},
          "since": {"$ref": "#/components/schemas/Date"},
          "effect": {"type": "string", "enum": ["modifies_reciprocally", "not_applicable_to_extent", "treaty_not_in_force_between_them"]},
          "objection": {"$ref": "#/components/schemas/OptionalDate"}, "objection_precludes": {"type": "boolean"},
          "partially_withdrawn": {"$ref": "#/components/schemas/OptionalDate"},
          "accepted_tacitly_from": {"$ref": "#/components/schemas/OptionalDate", "description": "VCLT art. 20(5), when no objection is recorded"},
          "explanation": {"type": "array", "items": {"$ref": "#/components/schemas/Reason"}}}}},
        "law": {"type": "string"}, "rules_version": {"type": "string"}, "cite": {"type": "string"}}},
      "Timeline": {"type": "object", "required": ["treaty", "state", "name", "known_on", "events", "intervals"], "properties": {
        "treaty": {"type": "string"}, "state": {"type": "string"}, "name": {"type": "string"}, "known_on": {"$ref": "#/components/schemas/OptionalDate"},
        "events": {"type": "array", "items": {"type": "object", "required": ["type", "date"], "properties": {
          "type": {"type": "string", "enum": ["action", "step", "fact", "derived"]}, "date": {"$ref": "#/components/schemas/Date"}},
          "description": "action: seq, kind, reference, source, notes, text, has_text, later_date, known_from; step: seq, kind, body, description, source; fact: seq, kind, to, source, notes; derived: the Event fields"}},
        "intervals": {"type": "array", "items": {"type": "object", "required": ["status", "from", "until", "explanation"], "properties": {
          "status": {"$ref": "#/components/schemas/StatusName"}, "from": {"$ref": "#/components/schemas/Date"}, "until": {"$ref": "#/components/schemas/OptionalDate"},
          "explanation": {"type": "array", "items": {"$ref": "#/components/schemas/Reason"}}}}}}},
      "Series": {"type": "object", "required": ["treaty", "from", "to", "step", "known_on", "points"], "properties": {
        "treaty": {"type": "string"}, "from": {"$ref": "#/components/schemas/Date"}, "to": {"$ref": "#/components/schemas/Date"},
        "step": {"type": "string", "enum": ["month", "day"]}, "known_on": {"$ref": "#/components/schemas/OptionalDate"},
        "points": {"type": "array", "items": {"type": "object", "required": ["date", "parties", "deposited", "signatories"], "properties": {
          "date": {"$ref": "#/components/schemas/Date"}, "parties": {"type": "integer"}, "deposited": {"type": "integer"}, "signatories": {"type": "integer"}}}}}},
      "StatusPage": {"type": "object", "required": ["treaty", "title", "short_title", "chapter", "depositary", "on", "known_on", "rules_version", "record_note", "untc_url", "entry_into_force", "columns", "counts", "participants", "notes", "statements", "objections", "competence_declarations", "cite"], "properties": {
        "treaty": {"type": "string"}, "title": {"type": "string"}, "short_title": {"type": "string"}, "chapter": {"type": ["string", "null"], "description": "UN MTDSG chapter, e.g. XXVI-5"},
        "depositary": {"type": "string"}, "on": {"$ref": "#/components/schemas/Date"}, "known_on": {"$ref": "#/components/schemas/OptionalDate"},
        "rules_version": {"type": "string"}, "record_note": {"type": "string", "description": "non-empty when the record is partial: what it covers"},
        "untc_url": {"type": ["string", "null"], "description": "the treaty's status page on the UN Treaty Collection"},
        "entry_into_force": {"$ref": "#/components/schemas/OptionalDate"},
        "columns": {"type": "array", "items": {"type": "string"}, "description": "the three column headings"},
        "counts": {"type": "object", "required": ["signatories", "parties", "deposited"], "properties": {
          "signatories": {"type": "integer", "description": "states that signed, those that have withdrawn left out (the UN's count of signatories)"}, "parties": {"type": "integer"}, "deposited": {"type": "integer"}}},
        "participants": {"type": "array", "items": {"type": "object", "required": ["state", "name", "status", "withdrawn", "signature", "signature_text", "consent", "consent_kind", "consent_letter", "consent_text", "notes"], "properties": {
          "state": {"type": "string"}, "name": {"type": "string", "description": "the UN's name"}, "status": {"$ref": "#/components/schemas/StatusName"},
          "withdrawn": {"type": "boolean", "description": "its dates are shown in square brackets"},
          "signature": {"$ref": "#/components/schemas/OptionalDate"}, "signature_text": {"type": "string", "description": "\"3 Dec 1997\", or \"\""},
          "consent": {"$ref": "#/components/schemas/OptionalDate"}, "consent_kind": {"type": ["string", "null"]},
          "consent_letter": {"type": "string", "enum": ["", "a", "d", "A", "AA"]}, "consent_text": {"type": "string", "description": "\"11 Sep 2002 a\", or \"\""},
          "notes": {"type": "array", "items": {"type": "integer"}, "description": "numbers of its end notes"}}}},
        "notes": {"type": "array", "items": {"type": "object", "required": ["number", "state", "name", "kind", "date", "text", "reference", "url"], "properties": {
          "number": {"type": "integer"}, "state": {"type": "string"}, "name": {"type": "string"},
          "kind": {"type": "string", "enum": ["withdrawal", "withdrawal_revocation", "communication", "not_intending", "instrument_withdrawal", "succession", "correction", "ceased"]},
          "date": {"$ref": "#/components/schemas/Date"}, "text": {"type": "string"}, "reference": {"type": ["string", "null"]}, "url": {"type": ["string", "null"], "description": "the notification on the UN Treaty Collection"}}}},
        "statements": {"type": "array", "items": {"$ref": "#/components/schemas/PageStatement"}, "description": "Declarations and Reservations: reservations, declarations and withdrawals of reservations by the day, in the UN's order of States, then by date"},
        "objections": {"type": "array", "items": {"$ref": "#/components/schemas/PageStatement"}, "description": "objections and their withdrawals; subject is the reserving State"},
        "competence_declarations": {"type": "array", "items": {"$ref": "#/components/schemas/PageStatement"}, "description": "declarations on a treaty body's competence and their withdrawals; subject is the competence id"},
        "cite": {"type": "string"}}},
      "PageStatement": {"type": "object", "required": ["state", "name", "kind", "date", "subject", "qualifier", "until", "text", "reference", "entry"], "properties": {
        "state": {"type": "string"}, "name": {"type": "string", "description": "the UN's name"}, "kind": {"type": "string"},
        "date": {"$ref": "#/components/schemas/Date"}, "subject": {"type": ["string", "null"]}, "subject_name": {"type": "string", "description": "objections: the reserving State's UN name"},
        "qualifier": {"type": ["string", "null"]}, "until": {"$ref": "#/components/schemas/OptionalDate"}, "text": {"type": "string"},
        "reference": {"type": ["string", "null"]}, "entry": {"type": "integer", "description": "its ledger seq"}}},
      "States": {"type": "object", "required": ["states"], "properties": {"states": {"type": "array", "items": {"type": "object", "required": ["state", "numeric", "name", "aliases"], "properties": {
        "state": {"type": "string"}, "numeric": {"type": ["string", "null"], "description": "ISO 3166-1 numeric, three digits"}, "name": {"type": "string"},
        "aliases": {"type": "array", "items": {"type": "string"}}}}}}},
      "State": {"type": "object", "required": ["state", "name", "numeric", "on", "known_on", "treaties"], "properties": {
        "state": {"type": "string"}, "name": {"type": "string"}, "numeric": {"type": ["string", "null"]},
        "on": {"$ref": "#/components/schemas/Date"}, "known_on": {"$ref": "#/components/schemas/OptionalDate"},
        "treaties": {"type": "array", "items": {"type": "object", "required": ["treaty", "short_title", "record_note", "status", "party", "disputed", "since", "until", "next_status", "explanation"], "properties": {
          "treaty": {"type": "string"}, "short_title": {"type": "string"}, "record_note": {"type": "string"}, "status": {"$ref": "#/components/schemas/StatusName"},
          "party": {"type": "boolean"}, "disputed": {"type": "boolean"},
          "since": {"$ref": "#/components/schemas/OptionalDate"}, "until": {"$ref": "#/components/schemas/OptionalDate"}, "next_status": {"type": ["string", "null"]},
          "record": {"type": "object", "description": "as in Status"},
          "explanation": {"type": "array", "items": {"$ref": "#/components/schemas/Reason"}}}}, "description": "one entry per treaty"}}},
      "Notifications": {"type": "object", "required": ["treaty", "since", "notifications"], "properties": {
        "treaty": {"type": ["string", "null"]}, "since": {"$ref": "#/components/schemas/OptionalDate"},
        "notifications": {"type": "array", "items": {"type": "object", "required": ["reference", "treaty", "action", "issued_on", "title", "text"], "properties": {
          "reference": {"type": "string", "description": "C.N.<n>.<year>.TREATIES-<chapter>"}, "treaty": {"type": "string"},
          "action": {"type": "integer", "description": "ledger sequence number of the action"}, "issued_on": {"$ref": "#/components/schemas/Date"},
          "title": {"type": "string"}, "state": {"type": "string"}, "kind": {"type": "string"}, "date": {"$ref": "#/components/schemas/Date"},
          "text": {"type": "string", "description": "the rendered notification"}}}}}},
      "Upcoming": {"type": "object", "required": ["from", "until", "days", "events"], "properties": {
        "from": {"$ref": "#/components/schemas/Date"}, "until": {"$ref": "#/components/schemas/Date", "description": "exclusive"},
        "days": {"type": "integer"}, "events": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}}}}
    }
  }
})json";

}  // namespace

const std::string& openapi_document() {
  static const std::string text = boost::json::serialize(boost::json::parse(kDocument));
  return text;
}

}  // namespace pacta
