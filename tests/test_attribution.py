import pytest

from framing.attribute import attribute
from framing.attribute.sources import load_registry
from framing.errors import DataFileError
from framing.ingest import ingest_text
from framing.segment import segment


def attributions(text, registry=None):
    document = attribute(segment(ingest_text("Headline for the test\n\n" + text)), registry or load_registry())
    return document.attributions


@pytest.mark.parametrize(
    "text, kind, speaker, content, source",
    [
        ("“We will not back down,” the spokesman for Russia's foreign ministry said.", "direct", "the spokesman for Russia's foreign ministry", "We will not back down", "ru-mfa"),
        ('"The talks were useful," said Anil Rao, a spokesman for India\'s foreign ministry.', "direct", "Anil Rao", "The talks were useful", "in-mea"),
        ("Hamas said on Monday that the ceasefire would hold through the weekend.", "indirect", "Hamas", "the ceasefire would hold through the weekend", "hamas"),
        ("The Pentagon told reporters the drills would continue.", "indirect", "The Pentagon", "the drills would continue", "us-dod"),
        ("According to Ukraine's foreign ministry, four drones were shot down.", "according_to", "Ukraine's foreign ministry", "four drones were shot down", "ua-mfa"),
        ("Four drones were shot down overnight, according to the Kremlin.", "according_to", "the Kremlin", "Four drones were shot down overnight", "ru-kremlin"),
        ("The Taiwan Affairs Office warned that any provocation would be met firmly.", "indirect", "The Taiwan Affairs Office", "any provocation would be met firmly", "cn-tao"),
        ("Maria Lopez, a shop owner in the town, said business had been slow.", "indirect", "Maria Lopez", "business had been slow", None),
    ],
)
def test_quote_styles(text, kind, speaker, content, source):
    found = attributions(text)
    assert len(found) == 1
    a = found[0]
    assert (a.kind, a.speaker, a.text.rstrip(".,")) == (kind, speaker, content)
    if source is None:
        assert a.source_id.startswith("local:") and a.stance == {}
    else:
        assert a.source_id == source


def test_split_quote_gives_two_pieces_of_one_speaker():
    found = attributions("“We will not,” Zabihullah Mujahid said, “accept any foreign bases.”")
    assert [a.text.strip(",.") for a in found] == ["We will not", "accept any foreign bases"]
    assert {a.source_id for a in found} == {"taliban"}


def test_quote_over_several_sentences_and_paragraphs():
    text = "“The border is calm. Our troops are alert,” the Indian Army said.\n\n“No one will cross it,” it added."
    found = attributions(text)
    assert found[0].text.startswith("The border is calm. Our troops are alert")
    assert [a.source_id for a in found] == ["in-army", "in-army"]


def test_block_quote_after_said_colon():
    text = "Pakistan's Foreign Office said:\n\nWe reject the remarks made in New Delhi. Such statements harm peace.\n\nThe visit ends on Friday."
    found = attributions(text)
    assert len(found) == 1 and found[0].kind == "block" and found[0].source_id == "pk-mofa"
    assert found[0].text == "We reject the remarks made in New Delhi. Such statements harm peace."


def test_block_quote_continues_in_first_person():
    text = "The ministry spokesperson for Israel's foreign ministry said:\n\nWe have shown restraint for weeks.\n\nWe will not do so forever, and our partners know it.\n\nTalks resume next week in Cairo."
    found = attributions(text)
    assert len(found) == 1 and found[0].text.endswith("our partners know it.")


def test_resolution_across_paragraphs():
    text = (
        "India's ambassador to Qatar, Deepak Varma, met officials in Doha.\n\n"
        "Later, Varma said the meeting had been constructive.\n\n"
        "He added that more talks were planned.\n\n"
        "The Indian foreign ministry did not give details. The Foreign Ministry said the visit was routine."
    )
    found = attributions(text)
    assert [(a.speaker, a.speaker_name, a.source_id) for a in found] == [
        ("Varma", "Deepak Varma", "in-mea"),
        ("He", "Deepak Varma", "in-mea"),
        ("The Foreign Ministry", "The Foreign Ministry", "in-mea"),
    ]


def test_negated_cue_is_not_an_attribution():
    assert attributions("The Russian Defence Ministry did not respond to a request for comment on the strikes.") == ()


def test_unknown_speaker_gets_a_stable_local_id():
    a1 = attributions("Priya Nair, a resident, said the water had risen overnight.")[0]
    a2 = attributions("Priya Nair, a resident, said the road was closed.")[0]
    assert a1.source_id == a2.source_id == "local:priya-nair" and a1.stance == {}


def test_seed_attributions(seed_document, seed_text):
    by_start = {seed_text[a.start : a.end][:40]: a for a in seed_document.attributions}
    mea_block = next(a for k, a in by_start.items() if k.startswith("The two sides discussed"))
    fm_block = next(a for k, a in by_start.items() if k.startswith("The big fear is"))
    assert mea_block.kind == fm_block.kind == "block"
    assert mea_block.source_id == fm_block.source_id == "in-mea"
    assert fm_block.text.endswith("in any manner.")
    shaheen = next(a for k, a in by_start.items() if k.startswith("I have no idea"))
    assert shaheen.speaker_name == "Suhail Shaheen" and shaheen.source_id == "taliban"
    stanekzai = next(a for k, a in by_start.items() if k.startswith("The Taliban want political"))
    assert "Stanekzai" in stanekzai.speaker_name and stanekzai.source_id == "taliban"
    comments_start = seed_text.index("What are your thoughts")
    assert all(a.start < comments_start for a in seed_document.attributions)


def test_user_registry_extends_and_is_validated(tmp_path):
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "sources:\n  - id: my-council\n    name: Rivertown Council\n    type: government_body\n    aliases: [the council of Rivertown]\n    stance: {}\n",
        encoding="utf-8",
    )
    registry = load_registry([extra])
    assert attributions("Rivertown Council said the bridge would reopen in May.", registry)[0].source_id == "my-council"
    broken = tmp_path / "broken.yaml"
    broken.write_text("sources:\n  - id: x\n    name: X\n    type: spaceship\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="unknown type"):
        load_registry([broken])
    bad_yaml = tmp_path / "bad.yaml"
    bad_yaml.write_text("sources: [\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="not valid YAML"):
        load_registry([bad_yaml])


def test_evaluate_attribution_on_a_slice():
    from framing.evaluate.attribution import evaluate_articles, load_articles

    articles = load_articles("test")[:4]
    result = evaluate_articles(articles)
    assert result["articles"] == 4
    assert result["quote_spans_overlap"]["f1"] > 0.6
    assert 0.0 <= result["source_accuracy"] <= 1.0


@pytest.mark.parametrize(
    "text, expected",
    [
        # a quote with no cue opens the statement the sentence before says someone issued
        ("The Afghan embassy in Rome issued a statement on Friday.\n\n“We continue to serve every Afghan in Italy, whatever their views.”",
         [("The Afghan embassy in Rome", "af-republic")]),
        # the speaker's title before the name, in an apposition after the quote
        ("Planned Parenthood said it would open two clinics. “We are ready for the patients who travel to us,” the federation's president, Dana Whitcomb, said.",
         [("Planned Parenthood", "planned-parenthood"), ("Dana Whitcomb", "planned-parenthood")]),
        # "Its spokesman": the body named in the sentence before, not an earlier spokesman's
        ("Kremlin spokesman Dmitry Orlov said the offer was a stunt.\n\nUkraine's foreign ministry rejected that. Its spokesman, Taras Hnatiuk, said more than 8,000 Ukrainians were held.",
         [("Dmitry Orlov", "ru-kremlin"), ("Taras Hnatiuk", "ua-mfa")]),
        # a Chinese name: the later reference is the surname, which comes first
        ("Taiwan Affairs Office spokesman Xu Jianguo criticised the speech. “It exposes a stubborn separatist stance,” Xu said.",
         [("Xu", "cn-tao")]),
        # "the statement said", "the official said": whoever issued it, whoever was just quoted
        ("The Al-Quds Brigades said in a statement that its fighters had hit a vehicle. “The fighters withdrew safely,” the statement said.",
         [("The Al-Quds Brigades", "al-quds-brigades"), ("the statement", "al-quds-brigades")]),
        ("A senior State Department official said the reserves would stay frozen. “There is no deal yet,” the official said.",
         [("A senior State Department official", "us-state"), ("the official", "us-state")]),
        # a title word before the name after the quote; a possessive registry name
        ("“The drills will go on for two days,” command spokesman Senior Colonel Zhao Lei said.", [("command spokesman Senior Colonel Zhao Lei", None)]),
        ("NATO's spokeswoman said allied ministers would meet next week.", [("NATO's spokeswoman", "nato")]),
        # a document speaks for the body that put it out; an affiliate's officer for the body
        ("The Pentagon on Friday released a review of the evacuation. “The last aircraft left shortly before midnight,” the review said.",
         [("the review", "us-dod")]),
        ("Planned Parenthood opened a clinic in Spokane. “We will see patients this week,” said Maria Ortega, the affiliate's chief medical officer.",
         [("Maria Ortega", "planned-parenthood")]),
    ],
)
def test_speaker_resolution_by_title_possessive_and_reference(text, expected):
    found = [(a.speaker, a.source_id) for a in attributions(text)]
    assert len(found) == len(expected)
    for (speaker, source), (want_speaker, want_source) in zip(found, expected):
        assert want_speaker in speaker or speaker in want_speaker
        if want_source is None:
            assert source.startswith("local:")
        else:
            assert source == want_source


def test_the_deputy_minister_is_the_person_with_that_title():
    text = ("Russia's Deputy Foreign Minister Grigory Lapin went further. In an interview with a news agency, "
            "the deputy minister claimed that Kyiv was hiding its losses.")
    (found,) = attributions(text)
    assert (found.speaker_name, found.source_id) == ("Grigory Lapin", "ru-mfa")


def test_a_body_of_a_place_the_registry_does_not_know_is_not_guessed():
    text = ("India's foreign ministry said the visit went well.\n\n"
            "Saxony's economy ministry said it had invested in two new plants.")
    found = attributions(text)
    assert [a.source_id for a in found][0] == "in-mea"
    assert found[1].source_id.startswith("local:")


def test_an_office_of_several_countries_goes_by_the_only_country_named():
    israel = "The Prime Minister's Office said the security cabinet had met in Jerusalem and Israel would hold its fire."
    assert attributions(israel)[0].source_id == "il-pmo"
    unknown = "The Prime Minister's Office said the talks would resume next week."
    assert attributions(unknown)[0].source_id.startswith("local:")


def test_a_phrase_after_a_quote_that_is_not_its_speaker():
    text = ("Kristen Albrecht, a director for SBA Pro-Life America, called the measure “a radical plan for abortion "
            "through all nine months,” a characterisation its sponsors reject.")
    assert all(a.speaker != "its sponsors" for a in attributions(text))


def test_she_and_he_follow_the_speaker_of_that_gender():
    text = (
        "Pakistan's foreign ministry spokeswoman Amna Baloch said the remarks were regrettable. "
        "India's foreign secretary, Vikram Rao, said New Delhi had nothing to add.\n\n"
        "She added that Pakistan would raise the matter at the UN. He said India would not respond."
    )
    by_content = {a.text.split()[0]: a for a in attributions(text)}
    assert by_content["Pakistan"].speaker_name == "Amna Baloch" and by_content["Pakistan"].source_id == "pk-mofa"
    assert by_content["India"].speaker_name == "Vikram Rao" and by_content["India"].source_id == "in-mea"


def test_a_person_named_by_a_given_name_alone_is_the_she_that_follows():
    text = (
        "Fereshta, 34, a teacher in Herat, said the school had closed in March. Zabihullah Mujahid, the "
        "Taliban spokesman, said the schools would reopen.\n\n“I still go there every morning,” she said."
    )
    last = attributions(text)[-1]
    assert last.speaker_name == "Fereshta" and last.source_id.startswith("local:")


def test_unnamed_officials_and_countries_as_speakers():
    found = attributions(
        "Pakistan on Friday rejected the remarks and said the region was disputed. "
        "An Israeli official involved in the talks, speaking on condition of anonymity, said the talks would resume. "
        "A senior European diplomat said the proposal was dead. "
        "Taiwan's government rejects those claims and says only Taiwan's people can decide its future."
    )
    assert [(a.speaker, a.source_id) for a in found] == [
        ("Pakistan", "pk-mofa"),
        ("An Israeli official involved in the talks", "il-pmo"),
        ("A senior European diplomat", found[2].source_id),
        ("Taiwan's government", "tw-president"),
    ]
    assert found[2].source_id.startswith("local:")


def test_an_aide_takes_the_body_where_he_spoke():
    found = attributions("Presidential aide Viktor Lapshin told reporters at the Kremlin that the offer had expired.")
    assert found[0].source_id == "ru-kremlin"


def test_a_body_named_by_its_capital_and_her_office():
    text = (
        "The foreign ministry in Jerusalem has made the same case. Its spokeswoman, Dana Harel, said the "
        "crossings were open.\n\nI put the figures to the ministry. Her office replied that fuel deliveries "
        "had doubled."
    )
    found = attributions(text)
    assert [a.source_id for a in found] == ["il-mfa", "il-mfa"]


def test_a_participle_is_no_cue_and_a_title_before_the_name_counts():
    found = attributions(
        "The Eastern Theater Command began the drills on Monday. Its spokesman, Senior Colonel Guo Wenhai, "
        "said in a video posted on the command's Weibo account: “The exercises test our capabilities.”"
    )
    assert [(a.speaker_name, a.source_id, a.cue) for a in found] == [("Guo Wenhai", "pla", "said")]


@pytest.mark.parametrize(
    "text",
    [
        "Nobody at the ministry said when the road would reopen.",
        "Neither government would say whether the visit had been postponed.",
        "A woman who gave her name as Halyna asked that her surname not be published.",
        "Beijing claims the democratically governed island as its own territory.",
        "I am told that his colleagues in Doha were doing much the same.",
        "The man's wife said nothing while her own asylum claim is still pending with the court.",
    ],
)
def test_reporting_verbs_that_report_nothing(text):
    assert attributions(text) == ()


def test_a_denial_of_an_action_credits_the_action():
    found = attributions("Kyiv denied holding anyone back from the exchange.")
    assert [(a.speaker, a.text.rstrip(".")) for a in found] == [("Kyiv", "holding anyone back from the exchange")]


def test_a_participle_credits_the_subject_of_the_sentence():
    found = attributions("India's foreign ministry dismissed the protest, saying the fence stood entirely on Indian soil.")
    assert [(a.speaker, a.source_id, a.cue, a.text.rstrip(".")) for a in found] == [
        ("India's foreign ministry", "in-mea", "saying", "the fence stood entirely on Indian soil")
    ]
    assert attributions("Prices rose sharply in March, saying something about demand.") == ()
    assert attributions("Kashmir is claimed in full by both countries, which each rule a part of it.") == ()


def test_a_ministry_spokesman_belongs_to_the_ministry_just_named():
    text = (
        "According to Inter-Services Public Relations, Pakistani troops silenced the Indian posts.\n\n"
        "India's Ministry of External Affairs rejected the allegations. “The Indian Army responded only "
        "to unprovoked firing,” ministry spokesman Rohit Menon told reporters in New Delhi.\n\n"
        "At the ministry's weekly briefing in New Delhi, spokesman Arvind Mehra said the fence was legal."
    )
    assert [a.source_id for a in attributions(text)] == ["pk-ispr", "in-mea", "in-mea"]


def test_a_later_sentence_saying_whom_a_person_works_for_links_them():
    text = (
        "EL PASO, Texas — Marisol Arredondo has practised immigration law in this border city for 19 years. "
        "She is also vice president of the American Immigration Lawyers Association.\n\n"
        "“The hardest part of this job used to be the law,” Arredondo said.\n\n"
        "Rebeca Ortiz-Haynes, 48, has worked in El Paso for years and chairs the Texas chapter of the American "
        "Immigration Lawyers Association. “Most days are paperwork,” Ortiz-Haynes said."
    )
    assert [a.source_id for a in attributions(text)] == ["aila", "aila"]


def test_a_place_after_a_preposition_is_no_person_and_accents_are_letters():
    text = (
        "Yesenia Cruz said her husband had been sent to Ciudad Juárez before anyone told her.\n\n"
        "“I found out from a cousin,” she said."
    )
    assert attributions(text)[-1].speaker_name == "Yesenia Cruz"


@pytest.mark.parametrize(
    "text, speaker, source",
    [
        ("U.S. Immigration and Customs Enforcement issued a short statement on Thursday.\n\nThe statement read:\n\n“Officers arrested 41 people today.”", "The statement", "ice"),
        ("Taiwan's Ministry of National Defense released the following in its daily update:\n\nThirty-one sorties of aircraft were detected.", "Taiwan's Ministry of National Defense", "tw-mnd"),
        ("A readout issued by the Prime Minister's Office of India after the meeting said the discussion had covered rural roads.", "the Prime Minister's Office of India", "in-gov"),
        ("The State Department issued a statement on Thursday.\n\n“Since the Islamic Emirate took Kabul, women have lost every right,” the statement said.", "the statement", "us-state"),
        ("Israel's ambassador to the United Nations accused members of ignoring rocket fire. “Not one resolution has named Hamas,” he said.", "he", "il-mfa"),
    ],
)
def test_statements_readouts_and_unnamed_officials(text, speaker, source):
    found = attributions(text)
    assert (found[-1].speaker, found[-1].source_id) == (speaker, source)


def test_a_written_reply_is_its_authors_and_declining_to_say_is_no_statement():
    text = (
        "In a written reply in the Rajya Sabha on Wednesday, Minister of State for Home Affairs Anil Rathore said "
        "there had been 31 infiltration attempts this year.\n\n"
        "“Surveillance has brought infiltration down,” the reply said. Rathore declined to say how many posts had been added."
    )
    found = attributions(text)
    assert [(a.speaker_name, a.source_id) for a in found] == [("Anil Rathore", "in-mha"), ("Anil Rathore", "in-mha")]


def test_a_document_that_reads_and_a_title_with_a_full_stop():
    text = (
        "In a message sent to journalists, a Taliban spokesman claimed responsibility for the attack.\n\n"
        "The message read: “Our fighters overran two checkpoints.”\n\n"
        "“Our waiting rooms are full,” the affiliate's chief medical officer, Dr. Renata Osei, said of Planned Parenthood's clinics."
    )
    found = attributions(text)
    assert [(a.speaker, a.cue) for a in found[-2:]] == [("The message", "read"), ("Dr. Renata Osei", "said")]
    assert found[-2].source_id == "taliban"
