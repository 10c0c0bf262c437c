"""Who the quote finder says spoke: pronouns by gender, organisations and outlets, descriptions,
the subject of "…, saying", and quotes with no attribution of their own."""

from __future__ import annotations

import pytest

from annotator.core.proposals import Proposal
from annotator.core.suggest.names import guess_names
from annotator.core.suggest.quotes import find_quotes


def quotes(text: str) -> list[Proposal]:
    return find_quotes("d", text, indirect=False)


def speaker(text: str) -> str:
    [p] = quotes(text)
    return p.speaker_text


def test_a_pronoun_is_the_nearest_person_of_its_gender_as_the_text_tells_it() -> None:
    # Ms before a name, and "she" after one, make them women; the nearest persons are men
    text = (
        "Ms. Warren met Bernie Sanders. Sanders said he was tired, and so was Joe Biden, "
        "he said.\n\nShe told reporters: “We will win this.”"
    )
    assert speaker(text) == "Warren"
    before = "Hillary Clinton said she was ready. Donald Trump spoke later; he left.\n\n"
    assert speaker(before + "“I am ready,” she said.") == "Hillary Clinton"
    assert speaker(before + "“I am ready,” he said.") == "Donald Trump"


def test_a_pronoun_prefers_who_spoke_in_its_paragraph_to_who_was_named_last() -> None:
    text = (
        "Reid said President Abraham Lincoln had built a team of rivals. "
        "“He reached out to her,” he said."
    )
    assert speaker(text) == "Reid"


def test_the_subject_of_a_sentence_speaks_through_saying_and_adding() -> None:
    text = "Ted Cruz took a shot at Donald Trump, saying his plan was “a disaster for all.”"
    assert speaker(text) == "Ted Cruz"


def test_a_quote_without_attribution_continues_who_spoke_last() -> None:
    text = (
        "Harry Reid said the party should brace for a fight with Donald Trump.\n\n"
        "“Never, ever underestimate him. Never.”"
    )
    assert speaker(text) == "Harry Reid"  # not Donald Trump, named last


def test_organisations_and_outlets_speak() -> None:
    text = "Donald Trump spoke. The New York Post reported: “The plan is a total disaster.”"
    [p] = quotes(text)
    assert (p.speaker_text, text[p.cue[0] : p.cue[1]]) == ("New York Post", "reported")  # type: ignore[index]
    text = "Hillary Clinton spoke. “The claim is false,” the Clinton campaign said."
    assert speaker(text) == "Clinton campaign"
    text = "Hillary Clinton spoke. “The claim is false,” CNN said."
    assert speaker(text) == "CNN"
    text = "Sanders spoke. “We have found no evidence,” said the State Department, which declined."
    assert speaker(text) == "State Department"


def test_a_description_without_a_title_speaks_as_itself() -> None:
    text = "Donald Trump spoke.\n\n“We found young people have changed,” the official said."
    assert speaker(text) == "the official"
    text = "Nikki Haley won twice, the editorial board writes. “It is a sign of the times.”"
    assert speaker(text) == "the editorial board"
    # a title stands for the person named before
    text = "Keir Starmer arrived. “We need to spend more,” the prime minister said."
    assert speaker(text) == "Keir Starmer"


def test_a_pronoun_after_the_paragraph_prefers_who_spoke_just_before_to_who_was_named() -> None:
    text = (
        "Bernie Sanders said the race was close.\n\n"
        "He met Joe Biden and Barack Obama in Iowa.\n\n"
        "“We will win,” he said."
    )
    assert speaker(text) == "Bernie Sanders"


def test_sentence_adverbs_are_no_names() -> None:
    text = (
        "Marco Rubio skipped the meeting. Instead he gave a speech in which he pledged that "
        "he would be “a friend to all of you.”"
    )
    assert speaker(text) == "Marco Rubio"


def test_a_participle_after_a_quote_is_the_sentence_subjects() -> None:
    text = "Trump hailed the vote as “fantastic,” telling reporters during a visit to Scotland."
    assert speaker(text) == "Trump"


def test_each_of_two_partial_quotes_has_its_own_verb() -> None:
    text = "Ryan said he was “very encouraged” and Trump calling it a “great meeting.”"
    assert [p.speaker_text for p in quotes(text)] == ["Ryan", "Trump"]


def test_a_party_adjective_is_no_one() -> None:
    text = "In the Democratic primary Sanders won easily, saying “we are ready for this.”"
    assert speaker(text) == "Sanders"


def test_a_quote_alone_after_a_sentence_is_of_who_that_sentence_starts_with() -> None:
    text = (
        "Bernie Sanders said the race was close.\n\n"
        "Hillary Clinton touted her record on wages. “We need to support workers.”"
    )
    assert speaker(text) == "Hillary Clinton"  # not Sanders, who spoke last


def test_more_reporting_verbs_and_sentence_openers() -> None:
    text = "Carly Fiorina left HP.\n\n“Analysts said no,” remembered Roy Verley, a spokesman."
    [p] = quotes(text)
    assert (p.speaker_text, text[p.cue[0] : p.cue[1]]) == ("Roy Verley", "remembered")  # type: ignore[index]
    text = "Early in his campaign, Trump attacked Romney, calling him “a failed candidate.”"
    assert speaker(text) == "Trump"


def test_a_verb_right_after_an_apposition_is_the_subjects() -> None:
    text = (
        "Robert McDuff, a lawyer for the groups that sued Governor Pat McCrory, said the law "
        "“violates the rights of everyone in the state.”"
    )
    assert speaker(text) == "Robert McDuff"


def test_the_subject_comes_after_an_opening_phrase_and_a_name_alone_between_commas() -> None:
    text = (
        "On Sunday in Jerusalem, Oren Marmorstein, who met Benjamin Netanyahu, said the "
        "ministry was “following the situation closely.”"
    )
    assert speaker(text) == "Oren Marmorstein"
    text = "In Jerusalem, a spokesman, Oren Marmorstein, wrote: “We are following it closely.”"
    assert speaker(text) == "Oren Marmorstein"


def test_a_name_and_its_apposition_between_the_quote_and_its_verb() -> None:
    text = (
        "Melania Trump spoke at the convention.\n\n"
        "“It is plagiarism, flat out,” David Axelrod, the chief strategist of Barack Obama's "
        "2008 campaign for the White House, said on Twitter."
    )
    [p] = quotes(text)
    assert (p.speaker_text, text[p.cue[0] : p.cue[1]]) == ("David Axelrod", "said")  # type: ignore[index]


def test_one_capitalised_word_just_before_the_verb_speaks_even_if_also_a_common_word() -> None:
    text = (
        "Anna Kovalenko organised the drive with volunteers from the city. "
        "Volunteers say Kovalenko “works harder than anyone we know.”"
    )
    assert speaker(text) == "Volunteers"


def test_a_pronoun_is_the_subject_of_the_sentence_before_rather_than_its_object() -> None:
    text = (
        "Donald Trump went after Jeb Bush, calling him weak.\n\n"
        "“Here is a guy who could not win,” he said."
    )
    assert speaker(text) == "Donald Trump"  # not Jeb Bush, named last


def test_a_pronoun_prefers_who_spoke_in_a_sentence_to_its_subject() -> None:
    text = (
        "Bernie Sanders and Hillary Clinton need time to cool off, Madeleine Kunin said.\n\n"
        "“His demeanor is grumpy,” she said."
    )
    assert speaker(text) == "Madeleine Kunin"


def test_a_place_is_no_one_a_pronoun_stands_for() -> None:
    text = (
        "Marco Rubio spoke on Monday. The crowd in New Hampshire cheered.\n\n“It is huge,” he said."
    )
    assert speaker(text) == "Marco Rubio"


def test_the_gender_of_a_name_as_written_before_that_of_its_last_word() -> None:
    # "Bill Clinton" is a man twice, "Clinton" alone a woman: "she" is Clinton, not Weaver
    text = (
        "Bill Clinton said he was proud. Bill Clinton said he would help.\n\n"
        "Clinton said she wanted to move on. Jeff Weaver said he was sorry.\n\n"
        "“We were distressed,” she said."
    )
    assert speaker(text) == "Clinton"


def test_a_title_with_a_dot_after_an_inverted_verb_does_not_end_the_name() -> None:
    text = "Sanders spoke. “It is not new in Virginia,” said Rep. Bobby Scott, a Democrat."
    assert speaker(text) == "Bobby Scott"
    text = "Clinton spoke. “The race is close,” said Mr. Jebens, who served in Iraq."
    assert speaker(text) == "Jebens"


def test_a_state_in_parentheses_ends_no_sentence_before_the_verb() -> None:
    text = "Obama spoke. “They have nothing to worry about,” Sen. Chuck Schumer (D-N.Y.) said."
    assert speaker(text) == "Chuck Schumer"


def test_an_inverted_verb_after_a_clause_of_the_author() -> None:
    text = (
        "Hillary Clinton spoke in New York. “Many would call that an embarrassment” if she "
        "did not win by a margin larger than that, said David Wasserman, an analyst."
    )
    assert speaker(text) == "David Wasserman"


def test_guessed_names_keep_their_initials_and_drop_an_institution_before_them() -> None:
    found = guess_names(
        "J.M. Berger met James B. Comey Jr. in the U.S. While Clinton waited, Secretary of "
        "State John F. Kerry and Sen. Chuck Schumer (D-N.Y.) left the Oval Office."
    )
    assert [h.text for h in found] == [
        "J.M. Berger",
        "James B. Comey Jr",
        "Clinton",
        "John F. Kerry",
        "Chuck Schumer",
    ]
    text = "Obama spoke. “It is a crowdsourced terror,” said J.M. Berger, a fellow."
    assert speaker(text) == "J.M. Berger"
    assert speaker("Obama spoke. “It is terror,” J.M. Berger said.") == "J.M. Berger"


def test_a_bare_surname_that_speaks_somewhere_is_a_person() -> None:
    text = (
        "Hillary Clinton spoke on Sunday. Obama said the plan had worked.\n\n"
        "“It cost us little,” the president told reporters."
    )
    assert speaker(text) == "Obama"  # never given a first name, but "Obama said"


def test_an_apposition_with_an_initial_between_the_quote_and_its_verb() -> None:
    text = (
        "Mrs. Clinton spoke. ''They were professionals,'' William M. Daley, President "
        "Obama's former chief of staff, said of their time."
    )
    assert speaker(text) == "William M. Daley"


def test_a_quote_in_a_sentence_without_a_speech_verb_is_its_subjects() -> None:
    text = (
        "Alma Reyes said the new budget was fair.\n\n"
        "Tom Pike fired back at once: “That plan will sink the county.”"
    )
    assert speaker(text) == "Tom Pike"  # not Alma Reyes, who spoke last
    text = (
        "Alma Reyes said the budget was fair. When Reyes finished, Tom Pike fired back: "
        "“That plan will sink us.”"
    )
    assert speaker(text) == "Tom Pike"  # past the opening clause


def test_he_or_she_never_stands_for_a_place_or_a_people() -> None:
    text = (
        "Marcus Dole arrived in the morning. Later the crowd cheered as Germans and "
        "South Carolina voters lined up.\n\n“It was a cold day,” he said."
    )
    assert speaker(text) == "Marcus Dole"


def test_a_sentence_adverb_or_gerund_is_no_name() -> None:
    text = "Nora Blake spoke for an hour. Specifically, “the roads come first,” she said."
    assert speaker(text) == "Nora Blake"
    guessed = [h.text for h in guess_names("Reprising one of her lines, Nora Blake smiled.")]
    assert guessed == ["Nora Blake"]


def test_it_speaks_for_the_organisation_named_before_it() -> None:
    text = (
        "Maria Lund runs the firm. The Harbour Daily News ran the story first.\n\n"
        "It added: “The mayor knew of the plan in March.”"
    )
    assert speaker(text) == "Harbour Daily News"
    text = "Maria Lund read the email. It said: “The plan is off for now.”"
    assert speaker(text) != "It"  # a pronoun is never the speaker's name


def test_a_verb_after_but_or_and_is_the_sentence_subjects() -> None:
    text = (
        "Dana Kross said little on Monday.\n\nIris Vale defended the charity against attacks "
        "from Paul Grady, but admitted “one of our programs failed.”"
    )
    assert speaker(text) == "Iris Vale"  # not Paul Grady, named last


def test_an_inverted_verb_before_the_quote_is_the_following_names() -> None:
    text = (
        "Dana Kross spoke first.\n\nBecause of how the map was drawn, explained Iris Vale, "
        "“the north will decide it.”"
    )
    assert speaker(text) == "Iris Vale"


def test_a_pronoun_skips_a_sentence_where_it_stands_before_the_names() -> None:
    text = (
        "Iris Vale wrote to the council on Friday.\n\n"
        "In her letter, she reminded Paula Grant of the flood of 1998.\n\n"
        "“We were not ready then,” she said."
    )
    assert speaker(text) == "Iris Vale"  # not Paula Grant, whom the same "she" addressed


def test_a_description_with_a_title_is_the_last_person_given_that_title() -> None:
    text = (
        "Sen. Ada Marsh met Vice President Tom Reed and Paul Grady on Monday.\n\n"
        "“We will pass it by June,” the senator said."
    )
    assert speaker(text) == "Ada Marsh"  # not Paul Grady, named last
    text = text.replace("the senator said", "the vice president said")
    assert speaker(text) == "Tom Reed"
    text = (
        "Jay Dale, the club's 78-year-old president, spoke to Paul Grady.\n\n"
        "“It was waiting to happen,” the president said."
    )
    assert speaker(text) == "Jay Dale"


def test_a_description_opening_a_sentence_without_a_speech_verb_is_its_speaker() -> None:
    text = (
        "Maria Lund said the audit was fair.\n\n"
        "The news service pointed to the council's own finding that staff were "
        "“badly stretched and poorly led.”"
    )
    assert speaker(text) == "The news service"  # not Maria Lund, who spoke last


def test_a_subject_is_found_past_several_opening_phrases() -> None:
    text = (
        "Paul Grady said the stock was sound.\n\nOn Tuesday, even as shares of Harbour Mills "
        "fell, Iris Vale fired back at investors: “The firm is worth twice that.”"
    )
    assert speaker(text) == "Iris Vale"
    text = (
        "Paul Grady praised Iris Vale.\n\nHours later, Iris Vale returned the compliment to "
        "Grady, telling reporters, “He is a gentleman.”"
    )
    assert speaker(text) == "Iris Vale"


def test_an_ing_cue_after_the_sentence_verb_is_the_subjects() -> None:
    text = (
        "Paul Grady asked a question.\n\nIris Vale answered the question of Grady on the "
        "Harbour Forum writing, “Yes, I will.”"
    )
    assert speaker(text) == "Iris Vale"


def test_a_question_word_is_no_name_and_a_noun_before_to_is_no_speaker() -> None:
    guessed = [h.text for h in guess_names("What Iris Vale meant is unclear. Who knows?")]
    assert guessed == ["Iris Vale"]
    text = (
        "Iris Vale said the vote was close.\n\n"
        "The promise to “take the town back” drew crowds all the same."
    )
    assert speaker(text) != "The promise"


def test_a_lone_quote_opening_a_paragraph_is_the_subject_of_the_one_before() -> None:
    text = (
        "Iris Vale won the county by a wide margin.\n\n"
        "She then mocked Paul Grady, who had conceded an hour before.\n\n"
        "“I heard he was tired of losing.”"
    )
    assert speaker(text) == "Iris Vale"  # not Paul Grady, the person named last


def test_he_never_stands_for_a_place_or_an_institution_by_its_last_word() -> None:
    text = (
        "Tom Reed runs a shop.\n\nLater Harbour Point Beach and the Harbour Daily Post "
        "filled up.\n\n“It was a fine season,” he said."
    )
    assert speaker(text) == "Tom Reed"


def test_an_ing_cue_right_after_a_quote_is_that_quotes_speaker() -> None:
    text = (
        "Adm. Tom Reed leads the fleet.\n\n"
        "He has called Harbour Mills “careless and slow,” accusing it of “wasting the bay.”"
    )
    assert [p.speaker_text for p in quotes(text)] == ["Tom Reed", "Tom Reed"]


def test_a_well_known_place_is_never_the_person_named_last() -> None:
    text = "Tom Reed toured the plant. Later New Hampshire voted.\n\n“It was a good day.”"
    assert speaker(text) == "Tom Reed"


def test_a_nested_attribution_is_the_outer_speakers() -> None:
    text = (
        "In an interview, Iris Vale said Tom Reed had told the board that he would not "
        "keep the old policy of “no surprises at all.”"
    )
    [p] = quotes(text)
    assert p.speaker_text == "Iris Vale"
    assert text[p.cue[0] : p.cue[1]] == "said"  # type: ignore[index]


def test_a_description_speaks_only_with_a_head_that_can_speak() -> None:
    before = "Iris Vale said the hall was full.\n\n"
    for opening in ("The question is whether", "The crowd cheers, and then"):
        text = before + f"{opening} the mayor will say “we are ready for it.”"
        assert not speaker(text).startswith("The ")
    guessed = [h.text for h in guess_names("Unless Iris Vale wins, each of them loses. Each")]
    assert guessed == ["Iris Vale"]


def test_a_quote_signed_by_a_dash_and_a_name_below_it_is_that_persons() -> None:
    text = (
        "Paul Grady said little.\n\n“We will rebuild the pier by spring.”\n\n"
        "- Iris Vale, at the harbour meeting.\n\n“Not this year.”\n\n—Tom Reed."
    )
    assert [p.speaker_text for p in quotes(text)] == ["Iris Vale", "Tom Reed"]


def test_a_surname_that_is_also_a_peoples_word_speaks_and_is_he() -> None:
    # "Cuban" is a nationality adjective, but one that says things is Mark Cuban
    text = (
        "Pushed by host Chuck Todd on what could bring him to run, Mark Cuban demurred.\n\n"
        "Trump's grasp of policy is worrying, Cuban said.\n\n"
        "“You know, it's possible for anybody to change,” he said."
    )
    assert speaker(text) == "Cuban"
    # the plural is the people, never "he"
    text = (
        "Chuck Todd met the delegation. Cubans said the talks went well.\n\n"
        "“We are hopeful,” he said."
    )
    assert speaker(text) == "Chuck Todd"


def test_a_pronoun_stands_for_the_person_an_apposition_makes_the_subject() -> None:
    # the sentence names Boca West first, but Jay DiPietro is who it is about
    text = (
        "At Boca West, where it costs new members $70,000 to sign up, Jay DiPietro, the "
        "club's 78-year-old president and general manager, suggested that the troubles of "
        "some competitors came from poor management. ''It was just waiting for a recession "
        "to knock the hell out of it,'' he said."
    )
    assert speaker(text) == "Jay DiPietro"


def test_a_description_the_text_put_in_apposition_after_a_name_is_that_person() -> None:
    text = (
        "Mark Cuban, the billionaire owner of the Dallas Mavericks, spoke on Sunday. "
        "Chuck Todd asked him about the race.\n\n"
        "“It is too early to tell,” the billionaire owner said."
    )
    assert speaker(text) == "Mark Cuban"
    # a description the text never gave anyone stays as written
    text = "Mark Cuban spoke on Sunday.\n\n“It is too early to tell,” the investor said."
    assert speaker(text) == "the investor"


def test_a_pronoun_before_the_verb_speaks_when_the_name_before_it_cannot_be_it() -> None:
    text = (
        "Jon Tester spoke on Monday. Tester credits the Democrats' bright prospects to the "
        "quality of its candidates -- but he said Trump's presence on the ballot “is going "
        "to help our candidates.”"
    )
    assert speaker(text) == "Tester"
    # a person the pronoun may stand for is still who speaks
    text = (
        "Hillary Clinton spoke first. Donald Trump was jeered at the Republican Jewish "
        "Coalition after he said that “we will see.”"
    )
    assert speaker(text) == "Donald Trump"


def test_the_subject_comes_after_an_opening_participle_or_place_phrase() -> None:
    text = (
        "Donald Trump is attacking a rival: former Florida Gov. Jeb Bush.\n\n"
        "Speaking at a town hall event in Salem, New Hampshire, Trump went after Bush, "
        "calling him “a total stiff.”"
    )
    assert speaker(text) == "Trump"
    text = (
        "Hillary Clinton spoke in Harlem.\n\n"
        "Here in Columbia, Sanders stepped up his emphasis on criminal justice issues, "
        "saying, “We have got to achieve the day when young people are free.”"
    )
    assert speaker(text) == "Sanders"


def test_an_opening_participle_adverb_or_preposition_is_no_name() -> None:
    text = (
        "Continuing to explain his view, Ben Carson spoke. Shortly after the call, Rubio "
        "left. Based on the statement, Kelly agreed. Like Corker, Menendez also objected. "
        "Manning said no."
    )
    guessed = [h.text for h in guess_names(text)]
    assert guessed == ["Ben Carson", "Rubio", "Kelly", "Corker", "Menendez", "Manning"]
    text = (
        "Bob Corker spoke first.\n\nLike Corker, Menendez also rejected the notion, arguing "
        "that there is “flexibility for the administration” in the bill."
    )
    assert speaker(text) == "Menendez"


@pytest.mark.parametrize(
    ("text", "who"),
    [
        (
            "Jeb Bush interjected by hitting Donald Trump on eminent domain.\n\n"
            "“Jeb wants to be a tough guy tonight,” Trump shot back.",
            "Trump",
        ),
        (
            "Bob Corker spoke first.\n\nWhen Trump spoke of a deal with Cuba, Rubio fired back "
            "forcefully: “If they sue us in a court in Miami, they’re going to lose.”",
            "Rubio",
        ),
        (
            "Bill Clinton spoke first.\n\n“This is fantastic!” beamed Donald Hartley of "
            "Madison, Alabama, who snuck onto the floor.",
            "Donald Hartley",
        ),
        (
            "Donald Trump spoke.\n\n“Immigrants are integrating,” the report concluded.",
            "the report",
        ),
        (  # a writing reads a quote
            "Megyn Kelly met with Donald Trump.\n\n“Roger Ailes has spoken to Donald Trump a "
            "few times,” the statement read.",
            "the statement",
        ),
        (
            "Chuck Grassley wrote to James Comey.\n\n“You seem to have picked a new standard "
            "out of thin air,” the two write.",
            "the two",
        ),
        (  # a military title's abbreviation ends no sentence
            "Hillary Clinton won 31 percent.\n\n“The candidates left just don’t understand the "
            "military,” said Army Capt. Christian Pardo, 31.",
            "Christian Pardo",
        ),
        (  # a surname ending in -ing before a comma is a name, not a participle
            "Bundy talked to Ryan Santilli.\n\n“He's not media at all,” says Suckling, who is "
            "executive director of the Center for Biological Diversity.",
            "Suckling",
        ),
        (  # PolNeAR (Politico, 2016-02-23): "with NAME -ing", an absolute phrase, is NAME's
            "Republicans who agree that the prison should be closed were irritated about the "
            "lack of detail, with Sen. John McCain calling it a “Chinese menu.”",
            "John McCain",
        ),
        (  # PolNeAR (Breitbart, 2016-05-05)
            "Both Bolton and Gorka saw the death of Navy SEAL Charles Keating IV as a sign of "
            "the Obama Administration’s strategic disarray, with Gorka noting the absurdity of "
            "positioning “a couple of hundred SF guys” there.",
            "Gorka",
        ),
    ],
)
def test_more_speech_verbs_around_a_quote(text: str, who: str) -> None:
    assert speaker(text) == who


@pytest.mark.parametrize(
    ("text", "who"),
    [
        (  # not a name inside the relative clause, nor the possessive name after "said"
            "Joey Salceda cited a memorandum.\n\nThe lawmaker, who represents a district in "
            "Albay province, said Trump's remarks “have had widespread dissemination.”",
            "The lawmaker",
        ),
        (
            "Bernie Sanders sued the party.\n\nThe complaint, which was filed in federal court "
            "in Washington, alleged that the DNC “failed to implement reasonable measures.”",
            "The complaint",
        ),
    ],
)
def test_a_description_opening_the_sentence_speaks_past_the_names_of_its_clause(
    text: str, who: str
) -> None:
    assert speaker(text) == who


@pytest.mark.parametrize(
    ("text", "who"),
    [
        (  # who spoke, past a relative clause naming someone else
            "Of Carson, Levine, who has given money to Marco Rubio, said he was vapid.\n\n"
            "As for Carson's mangling of “Hamas,” Levine found comic relief in it. "
            "“I needed some carrots to dip,” he said.",
            "Levine",
        ),
        (  # who spoke in the opening phrase comes after the subject
            "Hillary Clinton spoke to Rachel Maddow.\n\nWhen Maddow pointed out that Sanders "
            "calls it “Medicare for all,” Clinton seized upon the reference. “Medicare for all "
            "is not the same,” she said.",
            "Clinton",
        ),
        (  # the pronoun starting the clause of the verb
            "Ben Carson brought in a new campaign manager, leading to the exodus of Barry "
            "Bennett and two other aides.\n\nHe praised those who left but said, “We're in a "
            "different ballgame.”",
            "Ben Carson",
        ),
        (  # a surname never given a first name speaks with an adverb before the verb
            "Donald Trump went with the odds.\n\nCruz openly admitted that his pick was "
            "politically motivated. “With an eye to February 20th, Carolina,” he said.",
            "Cruz",
        ),
        (  # the clause's subject, not a word named after it
            "Glenn Beck spoke about the media.\n\nHe then adopted a fake Southern accent and "
            "joked, “But I'mma just gonna make it easier for you.”",
            "Glenn Beck",
        ),
        (  # who spoke, past an apposition and "who"
            "Hillary Clinton's position was supported by Sen. Dianne Feinstein of California, the "
            "ranking Democrat on the committee, who said none of the emails originated with "
            "Clinton.\n\n“It has never made sense to me,” she said.",
            "Dianne Feinstein",
        ),
    ],
)
def test_a_pronoun_stands_for_who_spoke_and_for_the_subject_past_an_opening(
    text: str, who: str
) -> None:
    [*_, last] = quotes(text)
    assert last.speaker_text == who


def test_a_quote_without_a_cue_takes_the_cue_of_a_later_quote_of_its_sentence() -> None:
    text = (
        "Bill de Blasio ended the program.\n\nDonald Trump spoke on the radio. The program "
        "was a “good thing” that yielded “frankly good information,” he remarked."
    )
    first, second = quotes(text)
    assert (first.speaker_text, second.speaker_text) == ("Donald Trump", "Donald Trump")
    assert text[first.cue[0] : first.cue[1]] == "remarked"  # type: ignore[index]


def test_a_title_before_a_mention_tells_its_gender_where_the_surname_is_shared() -> None:
    # PolNeAR (nyt, 2015-12-31): Mr. and Mrs. Clinton both in the text; "she" is Mrs. Clinton,
    # not Ms. Lewinsky, the only woman the surname "Clinton" seemed to leave
    text = (
        "A spokesman for Mr. Clinton declined to comment.\n\n"
        "Mrs. Clinton had some of her highest approval ratings ever after revelations that "
        "Mr. Clinton had a relationship with Ms. Lewinsky, a 22-year-old White House intern.\n\n"
        "Mrs. Clinton did not hesitate. ''Well, I would say that everybody should be believed "
        "at first until they are disbelieved based on evidence,'' she said."
    )
    assert speaker(text) == "Clinton"
    [p] = quotes(text)
    assert p.speaker_mention is not None and p.speaker_mention[0] == text.rindex("Clinton")


def test_a_name_the_text_has_speak_is_no_place_for_standing_after_in() -> None:
    # PolNeAR (Washington Post, 2016-06-05): "in the Sanders stump speech" made Sanders a
    # place, so "he" went past him to Clinton
    text = (
        "“… and very, very well with younger Latinos,” Sanders told Rolling Stone in late May.\n\n"
        "But in the Sanders stump speech and in his interactions with voters, there are clues "
        "to how he broke through with nonwhite voters.\n\n"
        "Yet in this past week's final pre-primary Field Poll, Clinton led among Latinos by "
        "just four points.\n\n"
        "Sanders sees these gains as evidence that early losses among nonwhite voters were "
        "tricks of the front-loaded Southern campaign schedule. In a telephone interview "
        "Thursday, he said his message is now resonating more with minority voters.\n\n"
        '"Let me give you my prediction," he said of his performance in California.'
    )
    assert [p.speaker_text for p in quotes(text)] == ["Sanders", "Sanders"]


@pytest.mark.parametrize(
    ("text", "who"),
    [
        (  # PolNeAR (Breitbart, 2016-08-15): "his" in the opening phrase is Biden's own,
            # not a sign that the same person goes on from before
            "Vice President Joe Biden on Monday hit the 2016 campaign trail with Hillary Clinton "
            "for the first time.\n\n"
            "Clinton also has ties to the town. Her father was born and buried in Scranton, "
            "and Clinton was christened there as a child.\n\n"
            "Repeating from his much-praised speech at the Democratic National Convention last "
            "week, Biden rubbished Trump’s claim to understand the middle class.\n\n"
            "“To repeat myself, it’s a bunch of malarkey,” he said.",
            "Biden",
        ),
        (  # PolNeAR (Huffington Post, 2016-01-19)
            "Three days later, Snyder remains in office, and Bernie Sanders has moved on after "
            "generating a fair amount of media attention. Hillary Clinton called for action.\n\n"
            "In his statement Saturday, Sanders did go further in trying to hold Snyder "
            "accountable.\n\n"
            "“There are no excuses,” he said.",
            "Sanders",
        ),
        (  # PolNeAR (Politico, 2016-05-11): a name after a preposition is an object, passed
            # over: "for The Washington Informer" is no subject
            "Hillary Clinton wants to see D.C. become a state.\n\n"
            "The Democratic frontrunner wrote for The Washington Informer that the District "
            "is often neglected because it doesn't have a vote in Congress. She promised to "
            "“be a vocal champion for D.C. statehood” if elected.",
            "Hillary Clinton",
        ),
        (  # PolNeAR (Huffington Post, 2015-12-22): "with HuffPost Live’s Alyona Minkovski"
            "John Leguizamo is tired of Latinos being left out of history books. In a "
            "conversation with HuffPost Live’s Alyona Minkovski about his upcoming comedy "
            "project, the actor discussed the absence of Latinos in U.S history education. "
            "“Just imagine, you’re a white kid and all of a sudden everybody’s Latin,” he said.",
            "John Leguizamo",
        ),
    ],
)
def test_a_pronoun_is_the_subjects_own_in_an_opening_phrase_and_passes_over_objects(
    text: str, who: str
) -> None:
    assert speaker(text) == who


def test_a_full_name_takes_no_gender_from_a_surname_the_family_shares() -> None:
    # PolNeAR (Washington Post, 2016-07-22): "Trump" is a man, "Ivanka Trump" is not told
    # by her surname; the text's own pronouns after her name tie ("him", "her")
    text = (
        "Donald Trump accepted the nomination after an introduction by his daughter Ivanka "
        "Trump, who portrayed him as a generous, magnanimous business executive. Indiana Gov. "
        "Mike Pence spoke the night before.\n\n"
        "At center stage was Trump's eldest daughter, Ivanka Trump, who spoke passionately "
        'about her father\'s competitive drive. "I have seen him fight for his family," she said.'
    )
    assert speaker(text) == "Ivanka Trump"


def test_a_pronoun_walks_back_three_paragraphs_past_its_own_sentences() -> None:
    # PolNeAR (AFP via Breitbart, 2016-03-29), as written: the two paragraphs before are
    # Sarandon's own ("she said", "her own vote"); the walk reaches "Sarandon, 69, told MSNBC"
    # three back, where it stopped at two and took a nearer name of unknown gender
    text = (
        "New York (AFP) – Oscar-winning actress Susan Sarandon, star of cult classic “Thelma "
        "and Louise,” is not sure she can vote for Hillary Clinton over Donald Trump, the "
        "Republican frontrunner who has inflamed America with divisive rhetoric.\n\n"
        "The prominent actress is a high-profile campaigner for leftist Senator Bernie Sanders, "
        "who faces a near impossible task in trying to wrest the Democratic nomination from "
        "frontrunner Clinton.\n\n"
        "“That’s a legitimate concern, because they’re very passionate and very principled,” "
        "Sarandon, 69, told MSNBC Monday when asked about concerns that Sanders’s supporters "
        "would not support Clinton if he loses the nomination.\n\n"
        "“I think Bernie would probably encourage people (to back Clinton if he lost) because he "
        "doesn’t have any ego in this thing,” she said. “But I think a lot of people are, ‘Sorry, "
        "I just can’t bring myself to do that.’”\n\n"
        "Asked about her own vote in the event that Clinton faces Republican frontrunner Trump, "
        "who has insulted women, Mexicans and Muslims in a volatile campaign, she replied: “I "
        "don’t know. I’m going to see what happens.”\n\n"
        "“Really,” she added when the TV interviewer expressed shock."
    )
    assert [p.speaker_text for p in quotes(text)][-1] == "Sarandon"
