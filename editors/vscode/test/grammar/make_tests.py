#!/usr/bin/env python3
"""Writes the annotated grammar tests (*.unrecord-test) from the cases below; run it after
editing them, then `npm run test:grammar`. Each case: a source line, then (text, nth occurrence,
"scopes" or "- scopes" for scopes that must NOT be there)."""
import pathlib

HERE = pathlib.Path(__file__).parent
HEADER = '# SYNTAX TEST "text.unrecord" "{}"'

def emit(name, desc, cases):
    out = [HEADER.format(desc)]
    for line, checks in cases:
        out.append(line)
        for text, nth, scopes in checks:
            col = -1
            for _ in range(nth + 1):
                col = line.index(text, col + 1)
            n = len(text)
            if col == 0:
                out.append("#<" + "-" * n + " " + scopes)
            else:
                out.append("#" + " " * (col - 1) + "^" * n + " " + scopes)
    (HERE / name).write_text("\n".join(out) + "\n", encoding="utf-8")

SYM = "entity.name.function.preprocessor.symbol"
emit("current_layout.unrecord-test", "masthead, headings, speaker headers, quotations, symbols", [
    ("Skip to main content", [("Skip to main content", 0, "comment.line.boilerplate.unrecord")]),
    ("Seventy-sixth Session,", [("Seventy-sixth Session", 0, "meta.masthead.session.unrecord keyword.other.session.unrecord")]),
    ("38th & 39th Meetings (AM & PM)", [("38th & 39th Meetings (AM & PM)", 0, "meta.masthead.meeting.unrecord keyword.other.meeting.unrecord")]),
    ("Seventy-seventh Session, 12th & 13th Meetings (AM & PM)", [
        ("Seventy-seventh Session", 0, "keyword.other.session.unrecord"),
        ("12th & 13th Meetings (AM & PM)", 0, "meta.masthead.session.unrecord keyword.other.meeting.unrecord")]),
    ("Resumed Seventy-sixth Session,", [("Resumed Seventy-sixth Session", 0, "keyword.other.session.unrecord")]),
    ("2024 Session,", [("2024 Session", 0, "keyword.other.session.unrecord")]),
    ("9501st Meeting (AM)", [("9501st Meeting (AM)", 0, "keyword.other.meeting.unrecord")]),
    ("GA/12387", [("GA/12387", 0, f"meta.masthead.symbol.unrecord {SYM}.press-release.unrecord")]),
    ("GA/SHC/4321", [("GA/SHC/4321", 0, f"{SYM}.press-release.unrecord")]),
    ("SC/15432", [("SC/15432", 0, f"{SYM}.press-release.unrecord")]),
    ("Speakers Stress Anticipatory Action ahead of Droughts, Floods", [
        ("Speakers Stress Anticipatory Action ahead of Droughts, Floods", 0, "markup.heading.unrecord entity.name.section.unrecord")]),
    ("Opening Remarks", [("Opening Remarks", 0, "markup.heading.unrecord entity.name.section.unrecord")]),
    ("Right of Reply", [("Right of Reply", 0, "markup.heading.unrecord")]),
    ("Panel Discussion II", [("Panel Discussion II", 0, "markup.heading.unrecord")]),
    ("Statements", [("Statements", 0, "markup.heading.unrecord")]),
    ("Acting without a vote, the Assembly then adopted the resolution.", [("Acting without a vote", 0, "- markup.heading.unrecord")]),
    ("The two-day meeting opened on 22 November.  (See Press Release GA/12387.)", [
        ("GA/12387", 0, f"{SYM}.press-release.unrecord"),
        ("Press Release", 0, "- keyword.other.press-release.unrecord"),
        ("The two-day", 0, "- markup.heading.unrecord")]),
    ("HORACE CHANG (Jamaica) reiterated his country’s commitment.", [
        ("HORACE CHANG", 0, "meta.speaker-header.unrecord entity.name.type.class.speaker.unrecord"),
        ("(", 0, "punctuation.definition.country.begin.unrecord"),
        ("Jamaica", 0, "entity.name.namespace.country.unrecord"),
        ("reiterated", 0, "- meta.speaker-header.unrecord")]),
    ("KACOU HOUADJA LÉON ADOM (Côte d’Ivoire) said girls’ schooling had risen.", [
        ("KACOU HOUADJA LÉON ADOM", 0, "entity.name.type.class.speaker.unrecord"),
        ("Côte d’Ivoire", 0, "entity.name.namespace.country.unrecord")]),
    ("MARTA LUCIA RAMIREZ, Vice President and Minister for Foreign Affairs, Trade of Colombia, said “we must act”.", [
        ("MARTA LUCIA RAMIREZ", 0, "entity.name.type.class.speaker.unrecord"),
        ("Vice President and Minister for Foreign Affairs, Trade of Colombia", 0, "entity.other.attribute-name.title.unrecord"),
        ("said", 0, "- meta.speaker-header.unrecord"),
        ("“", 0, "string.quoted.double.unrecord punctuation.definition.string.begin.unrecord"),
        ("we must act", 0, "string.quoted.double.unrecord"),
        ("”", 0, "string.quoted.double.unrecord punctuation.definition.string.end.unrecord")]),
    ("FREDRIK HANSEN, observer for the Holy See, pointed out that data were scarce.", [
        ("FREDRIK HANSEN", 0, "entity.name.type.class.speaker.unrecord"),
        ("observer for the Holy See", 0, "entity.other.attribute-name.title.unrecord")]),
    ("Ms. BIEN-AIMÉ, recalled that there has been tremendous progress.", [
        ("Ms. BIEN-AIMÉ", 0, "entity.name.type.class.speaker.unrecord"),
        ("recalled", 0, "- entity.name.type.class.speaker.unrecord entity.other.attribute-name.title.unrecord")]),
    ("Ms. Mohammed said the Secretary-General would report.", [("Ms. Mohammed", 0, "- entity.name.type.class.speaker.unrecord")]),
    ("The representative of Slovakia said \"the Declaration is a step\" forward.", [
        ("\"the Declaration is a step\"", 0, "string.quoted.double.unrecord"),
        ("forward", 0, "- string.quoted.double.unrecord")]),
    ("The Assembly adopted resolution A/RES/76/7 and recalled S/RES/2331 (2016), resolution 75/283 and document A/76/L.11.", [
        ("A/RES/76/7", 0, f"{SYM}.resolution.unrecord"),
        ("S/RES/2331 (2016)", 0, f"{SYM}.resolution.unrecord"),
        ("75/283", 0, f"{SYM}.resolution.unrecord"),
        ("A/76/L.11", 0, f"{SYM}.document.unrecord"),
        (".", 1, f"- {SYM}.document.unrecord")]),
    ("“Quotations may hold symbols like SG/SM/21033,” she said.", [
        ("SG/SM/21033", 0, f"string.quoted.double.unrecord {SYM}.press-release.unrecord")]),
    ("For information media. Not an official record.", [
        ("For information media. Not an official record.", 0, "comment.line.footer.unrecord")]),
])

emit("older_layout.unrecord-test", "older layout: title in capitals, Press Release, symbol, date; Mr. NAME (Country)", [
    ("ASSEMBLY CONTINUES GENERAL DEBATE, HEARS CALLS FOR REFORM OF SECURITY COUNCIL", [
        ("ASSEMBLY CONTINUES GENERAL DEBATE, HEARS CALLS FOR REFORM OF SECURITY COUNCIL", 0, "markup.heading.unrecord entity.name.section.unrecord")]),
    ("Press Release", [("Press Release", 0, "keyword.other.press-release.unrecord")]),
    ("GA/9460", [("GA/9460", 0, f"meta.masthead.symbol.unrecord {SYM}.press-release.unrecord")]),
    ("19981005 Speakers Also Address Financial Crisis in Asia", [("19981005", 0, "constant.numeric.date.unrecord")]),
    ("Mr. ÜMIT PAMIR (Turkey) said his country had been affected.", [
        ("Mr. ÜMIT PAMIR", 0, "meta.speaker-header.unrecord entity.name.type.class.speaker.unrecord"),
        ("Turkey", 0, "entity.name.namespace.country.unrecord")]),
    ("KWAME ASANTE, Minister for Foreign Affairs of Ghana, said the Council must change.", [
        ("KWAME ASANTE", 0, "entity.name.type.class.speaker.unrecord"),
        ("Minister for Foreign Affairs of Ghana", 0, "entity.other.attribute-name.title.unrecord")]),
    ("* *** *", [("* *** *", 0, "comment.line.end-mark.unrecord")]),
])
