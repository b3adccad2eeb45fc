//! The checks on small records as data: every diagnostic of the record with `$0` (else the
//! first) must stand where the fixture marks a range, and its severity, code and message are
//! snapshotted inline.

use super::check_file;
use crate::config::Config;
use crate::test_fixture::Fixture;

fn check(fixture: &str) -> String {
    let fx = Fixture::new(fixture);
    let found = check_file(&fx.ws, fx.file, &Config::default());
    let spans: Vec<_> = found.iter().map(|d| (d.file, d.span)).collect();
    fx.assert_marked(&spans);
    found
        .iter()
        .map(|d| {
            let fixes: Vec<&str> = d.fixes.iter().map(|f| f.title.as_str()).collect();
            format!(
                "{} {}: {}\n  fixes: {fixes:?}",
                d.severity.as_str(),
                d.code,
                d.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_clean_record_has_nothing_to_report() {
    let found = check(
        r#"
        Seventy-sixth Session,
        38th Meeting (AM)
        GA/12388

        General Assembly Continues Appraisal of Global Plan of Action against Trafficking

        The representative of Slovakia said Slovakia stands ready to collaborate with partners against organized crime and trafficking networks.

        Statements

        RÓBERT CHATRNÚCH (Slovakia) said Slovakia stands ready to collaborate with partners against organized crime and trafficking networks.
        "#,
    );
    insta::assert_snapshot!(found, @"");
}

#[test]
fn unknown_country_in_a_header() {
    let found = check(
        r#"
        Seventy-sixth Session,
        38th Meeting (AM)
        GA/12388

        General Assembly Continues Appraisal of Global Plan of Action against Trafficking

        Statements

        RÓBERT CHATRNÚCH (Slovakai) said his country stands ready to collaborate with partners.
                          ^^^^^^^^
        "#,
    );
    insta::assert_snapshot!(found, @r#"
        error unknown-country: `Slovakai` is no known country, observer or organisation; did you mean Slovakia?
          fixes: ["Replace with Slovakia", "Replace with Slovenia"]
        "#);
}

#[test]
fn attribution_to_a_delegation_that_did_not_speak() {
    let found = check(
        r#"
        Seventy-sixth Session,
        38th Meeting (AM)
        GA/12388

        General Assembly Continues Appraisal of Global Plan of Action against Trafficking

        The representative of Slovenia said trafficking in persons is a modern form of slavery.
        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^

        Statements

        RÓBERT CHATRNÚCH (Slovakia) said Slovakia stands ready to collaborate with partners.
        "#,
    );
    insta::assert_snapshot!(found, @r#"
        warning attribution-without-statement: the summary attributes words to Slovenia, which made no statement in this record or another record of the same meeting
          fixes: []
        "#);
}

#[test]
fn an_instrument_under_a_variant_title() {
    let found = check(
        r#"
        Seventy-sixth Session,
        38th Meeting (AM)
        GA/12388

        General Assembly Continues Appraisal of Global Plan of Action against Trafficking

        Statements

        JOEL ADRIAN MENA SORETT (Venezuela) said the Global Action Plan continues to be an important guide.
                                                     ^^^^^^^^^^^^^^^^^^
        "#,
    );
    insta::assert_snapshot!(found, @r#"
        info noncanonical-instrument: `Global Action Plan` is a variant title of the United Nations Global Plan of Action to Combat Trafficking in Persons (2010)
          fixes: ["Write the canonical title: United Nations Global Plan of Action to Combat Trafficking in Persons"]
        "#);
}

#[test]
fn a_reference_to_a_press_release_not_in_the_workspace() {
    let found = check(
        r#"
        //- ga_12388.txt
        Seventy-sixth Session,
        38th Meeting (AM)
        GA/12388

        General Assembly Continues Appraisal of Global Plan of Action against Trafficking

        The meeting opened with the adoption of a Political Declaration.  (See Press Release GA/12378.)
                                                                                             ^^^^^^^^

        Statements

        RÓBERT CHATRNÚCH (Slovakia) said Slovakia stands ready to collaborate with partners.

        //- ga_12387.txt
        Seventy-sixth Session,
        37th Meeting (AM & PM)
        GA/12387

        Adopting Political Declaration, General Assembly Pledges Greater Action to End Human Trafficking

        Statements

        IVAN ŠIMONOVIĆ (Croatia) labelled trafficking in persons a modern form of slavery.
        "#,
    );
    insta::assert_snapshot!(found, @r#"
        info unresolved-reference: press release GA/12378 is not in the workspace
          fixes: ["Replace with GA/12387"]
        "#);
}

#[test]
fn a_header_against_the_title_that_follows_it() {
    let found = check(
        r#"
        Seventy-sixth Session,
        38th Meeting (AM)
        GA/12388

        General Assembly Continues Appraisal of Global Plan of Action against Trafficking

        Statements

        IVAN ŠIMONOVIĆ (Croatia), Minister for Foreign Affairs of Slovenia, said trafficking is a modern form of slavery.
                                                                  ^^^^^^^^
        "#,
    );
    insta::assert_snapshot!(found, @r#"
        error speaker-country-conflict: IVAN ŠIMONOVIĆ is (Croatia) in the header but the title names Slovenia
          fixes: []
        "#);
}

#[test]
fn a_header_against_the_statements_own_words_and_the_lists() {
    let found = check(
        r#"
        Seventy-sixth Session,
        38th Meeting (AM)
        GA/12388

        General Assembly Continues Appraisal of Global Plan of Action against Trafficking

        Also delivering statements were representatives of Croatia and Slovakia.

        Statements

        RÓBERT CHATRNÚCH (Slovakia) said Slovakia stands ready to collaborate with partners against organized crime.

        IVAN ŠIMONOVIĆ (Slovenia) said his country, Croatia, has adopted a national plan.  Croatia has also set up a shelter for victims.
                        ^^^^^^^^
        "#,
    );
    insta::assert_snapshot!(found, @r#"
        error speaker-country-conflict: IVAN ŠIMONOVIĆ is tied to Slovenia here, but the statement speaks of Croatia as its own country
          fixes: ["Replace with Croatia"]
        "#);
}

#[test]
fn a_shared_short_title_running_on_into_another_title_is_not_judged_as_the_session_one() {
    // In session 76, "Political Declaration" alone is the trafficking declaration of 2021; "the
    // 2016 Political Declaration on HIV and AIDS" is another instrument, with its own year.
    let found = check(
        r#"
        Seventy-sixth Session,
        38th Meeting (AM)
        GA/12388

        General Assembly Continues Appraisal of Global Plan of Action against Trafficking

        Statements

        RÓBERT CHATRNÚCH (Slovakia) said his country had met the targets of the 2016 Political Declaration on HIV and AIDS and stood ready to implement the Political Declaration adopted today.
        "#,
    );
    insta::assert_snapshot!(found, @"");
}

#[test]
fn a_quotation_lifted_from_another_speaker() {
    let found = check(
        r#"
        Seventy-sixth Session,
        38th Meeting (AM)
        GA/12388

        General Assembly Continues Appraisal of Global Plan of Action against Trafficking

        The representative of Slovakia warned that “criminal networks exploit every crisis we face”.
        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^

        Statements

        RÓBERT CHATRNÚCH (Slovakia) said Slovakia stands ready to collaborate with partners.

        IVAN ŠIMONOVIĆ (Croatia) said criminal networks exploit every crisis we face today.
        "#,
    );
    insta::assert_snapshot!(found, @r#"
        warning attribution-mismatch: the summary attributes these words to Slovakia, but they match the statement of IVAN ŠIMONOVIĆ (Croatia) far better (similarity 0.66) than any statement of Slovakia
          fixes: ["Attribute to Croatia"]
        error misattributed-quote: this quotation is attributed to Slovakia, but it is the statement of IVAN ŠIMONOVIĆ (Croatia) that says it
          fixes: ["Attribute to Croatia"]
        "#);
}

/// A quotation is found as whole words: one whose first word is only the end of a word of a
/// statement ("networks" in "subnetworks") is not that statement's words.
#[test]
fn a_quotation_is_matched_as_whole_words() {
    let found = check(
        r#"
        Seventy-sixth Session,
        38th Meeting (AM)
        GA/12388

        General Assembly Continues Appraisal of Global Plan of Action against Trafficking

        The representative of Slovakia warned that “networks exploit every crisis we face”.

        Statements

        RÓBERT CHATRNÚCH (Slovakia) said Slovakia stands ready to collaborate with partners.

        IVAN ŠIMONOVIĆ (Croatia) said subnetworks exploit every crisis we face today.
        "#,
    );
    insta::assert_snapshot!(found, @"");
}
