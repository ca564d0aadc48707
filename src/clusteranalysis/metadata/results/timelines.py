"""The result tables of ``03_timelines`` (:mod:`clusteranalysis.studies.timelines`)."""

from __future__ import annotations

from clusteranalysis.metadata import vocab
from clusteranalysis.metadata.fields import TRACE, use
from clusteranalysis.metadata.results.declare import COMPUTED_LINE, COMPUTED_SOURCE, StudyResults

RESULTS = StudyResults("03_timelines.ipynb",
                       "Timelines: laws, programmes, plan periods and events on one axis")
_f = RESULTS.field

_YEARS = {"unit": "years", "minimum": 0}
_AXIS = "decimal year"

_f("dates", "string", "the entry's dates as precisely as its document gives them: "
   "'FY1996–FY2000', '1972–' (no end), '2003–(2008)' (a planned end, in parentheses)")
_f("start", "Float64", "where the entry starts on the time axis (a fiscal year starts on "
   "1 April)", unit=_AXIS)
_f("end", "Float64", "where the entry ends on the time axis: the day after its last day; an "
   "open-ended entry ends at its document's date, whatever the window", unit=_AXIS)
_f("is_point", "boolean", "drawn as a point: an event, or a span shorter than about two weeks")
_f("planned_from", "Float64", "where the planned part of the entry begins: its start for a "
   "planned entry, its document's date for a planned end after that date", unit=_AXIS,
   nullable=True)
_f("status_after_end", "string", "'unknown' for an open-ended entry: its document says "
   "nothing about it after its date", nullable=True)
_f("planned_end_basis", "string", "for an end the register reads as planned in the data "
   "the document presents (Finland's '(2004)'): the words of the line that dates that data",
   nullable=True)
_f("continued_from", "Float64", "where the entry's own document stops and a later "
   "document shows it continuing (the register's continuation judgement); empty otherwise",
   unit=_AXIS, nullable=True)
_f("continued_by", "string", "short citation of the later document that shows an open-ended "
   "entry continuing", nullable=True)
_f("continued_to", "Int64", "the year the later document shows the entry in (the register's "
   "reading 'runs to <year>')", unit="year", minimum=1900, nullable=True)
_f("continuation_judgement", "string", "the register's continuation judgement about the "
   "entry (whether it ran past its document's date, or how its end is to be read)",
   nullable=True)
_f("document", "string", "short citation of the document the row comes from ('METI 2005')")
_f("document_year", "Int64", "the year of that document's date", unit="year", minimum=1900)
_f("document_end", "Float64", "the day after the last day the document's date can mean: "
   "what it says is known no later than this", unit=_AXIS)
_f("precision", "category", "how precise the start is", enum=vocab.PRECISIONS)
_f("further_mentions", "Int64", "other lines that date the same entity "
   "(timeline_mentions): corroborating sources, drawn once", unit="count", minimum=0)
_f("entries", "Int64", "entries of the selection the document dates", unit="count",
   minimum=0)
_f("years", "Int64", "labelled years the span covers, inclusive (1983–1998 is 16); empty "
   "for an open-ended span and for one dated by decade", nullable=True, **_YEARS)
_f("dated_by_decade", "boolean", "the start or end is a decade or mid-decade "
   "('1970s~mid-1990s'): no count of years")
_f("years_to_document", "Int64", "labelled years from the start up to the document's year "
   "(for an open-ended span, how long it is known to have run at least)", nullable=True,
   **_YEARS)
_f("years_after_document", "Int64", "stated years after the document's year: planned or "
   "scheduled when written", nullable=True, **_YEARS)
_PROGRAMME = use("programme", description="English name of the programme or programme term")
_f("programme_start", "Float64", "where the programme starts on the time axis", unit=_AXIS)
_f("programme_dates", "string", "the programme's dates as its document gives them")
_f("programme_years", "Int64", "labelled years of the programme, inclusive; empty when "
   "open-ended", nullable=True, unit="years", minimum=1)
_f("plan_id", "string", "entity_id of the Science and Technology Basic Plan period")
_f("plan", "string", "English name of the plan period")
_f("plan_dates", "string", "the plan period's dates as its document gives them")
_f("plan_years", "Int64", "labelled years of the plan period, inclusive", unit="years",
   minimum=1)
_f("overlap_from", "Int64", "first labelled year both cover", unit="year", minimum=1900)
_f("overlap_to", "Int64", "last labelled year both cover (as stated or planned)",
   unit="year", minimum=1900)
_f("counted_to", "Int64", "the earlier of the two documents' years: years after it are "
   "not counted as shared", unit="year", minimum=1900)
_f("overlap_years", "Int64", "labelled years shared, counted up to counted_to", **_YEARS)
_f("planned_overlap_years", "Int64", "further labelled years shared only as planned (after "
   "counted_to)", **_YEARS)
_f("coincide", "boolean", "programme and plan period cover the same labelled years (as "
   "stated or planned)")
_f("kept_source", "string", "raw file of the mention the timeline keeps (the most precise)")
_f("kept_line", "Int64", "its line", minimum=1)
_f("kept_precision", "category", "how precise its start is", enum=vocab.PRECISIONS)
_f("kept_raw", "string", "its text on that line")
_f("agrees_on_start", "boolean", "this mention gives the same start year as the kept one")

_PROGRAMME_ID = use("programme_id", enum=None,
                    description="entity_id of the programme or programme term")
_ENTRY = ["entity_id", "entity", "entity_en", "country", "kind", "start_year", "end_year",
          "dates", "start", "end", "is_point", "open_ended", "planned_end", "planned",
          "planned_basis", "planned_from", "planned_end_basis", "status_after_end",
          "continued_from",
          "continued_by", "continued_to", "continuation_judgement", "document",
          "document_date", "document_year", "document_end", "precision", "end_precision",
          "further_mentions", *TRACE]
_SPAN = ["entity_id", "entity_en", "country", "kind", "dates", "start_year", "end_year",
         "years", "dated_by_decade", "open_ended", "planned_end", "planned",
         "continued_by", "continued_to", "continuation_judgement", "document",
         "document_year", "years_to_document", "years_after_document", *TRACE]

RESULTS.table("timeline_entries", "Timeline entries",
              "One row per law, era, plan, programme, term or event of the selection that "
              "overlaps the window, with its position on the time axis.", _ENTRY,
              primary_key=("entity_id",))
RESULTS.table("timeline_documents", "Documents of the selection",
              "The documents the selected entries come from, with their dates.",
              ["document", "document_date", "date_basis", "entries",
               use("open_ended", dtype="Int64", description="entries with no end: they stop "
                   "at the document's date", unit="count", minimum=0),
               use("planned", dtype="Int64", description="entries planned when written, in "
                   "all or in part (a planned end after the document's date)", unit="count",
                   minimum=0),
               use("source", unique=True), COMPUTED_LINE],
              primary_key=("source",))
RESULTS.table("japan_sequence", "Japan's policy sequence",
              "Japan's spans in order of start, with their length in labelled years.", _SPAN,
              primary_key=("entity_id",))
RESULTS.table("durations", "Durations",
              "Each span of the selection with its length in labelled years, up to and "
              "after its document's year.", _SPAN, primary_key=("entity_id",))
RESULTS.table("overlaps", "Programmes and plan periods",
              "Each programme or programme term beside each Basic Plan period it shares "
              "labelled years with.",
              [_PROGRAMME_ID, _PROGRAMME, "country", "programme_start", "programme_dates",
               "programme_years", "plan_id", "plan", "plan_dates", "plan_years",
               "overlap_from", "overlap_to", "counted_to", "overlap_years",
               "planned_overlap_years", "open_ended", "planned", "planned_end",
               "continued_by", "continuation_judgement", "coincide",
               COMPUTED_SOURCE, COMPUTED_LINE],
              primary_key=("programme_id", "plan_id"))
RESULTS.table("cooperation_events", "Cooperation events",
              "The events of 2007 and 2008 MEXT lists, with whether each was planned.",
              ["entity_id", "dates", "entity", "entity_en", "planned", "planned_basis",
               "further_mentions", "start", "end", "document", *TRACE],
              primary_key=("entity_id",))
RESULTS.table("merged_mentions", "Corroborating mentions",
              "Each further mention of an entity beside the mention the timeline keeps; "
              "source, line and raw are the further mention's.",
              ["entity_id", "entity_en", "kept_source", "kept_line", "kept_precision",
               "kept_raw", RESULTS.fields["precision"].with_(
                   description="how precise this mention's start is"),
               "agrees_on_start", *TRACE],
              primary_key=("entity_id", "source", "line"))
