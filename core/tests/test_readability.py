"""The readability meter's counting (core.readability): Danish paragraphs counted by hand, the
rules one by one, the bands at their edges, plain-word suggestions, the shared word list, and a
property test that any text at all is measured without an error and within bounds."""

import time
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import readability
from core.readability import PlainWords, analyse, band_for, lix, lix_from_counts, parse_plain_words

# --- Paragraphs counted by hand --------------------------------------------------------------------

# Words: Rådet holder møde på tirsdag (5) | Alle er velkomne (3) | Vi drikker kaffe og taler om året (7) = 15
# Sentences: 3. Long (> 6 letters): tirsdag (7), velkomne (8), drikker (7) = 3
# LIX = 15/3 + 100·3/15 = 5 + 20 = 25, Let (the lowest LIX of that band)
PLAIN = "Rådet holder møde på tirsdag. Alle er velkomne. Vi drikker kaffe og taler om året."

# Abbreviations and numbers. Sentence 1: Budgettet er på ca. 25.000 kr. om året jf. pkt. 3 i aftalen (13 words;
# "kr." before a lower-case word does not end it). Sentence 2: Vi har f.eks. brugt 12,5 på kaffe bl.a. til
# møderne i 2018 (12 words; "%" is no word). Words 25, sentences 2.
# Long: Budgettet (9), aftalen (7), møderne (7) = 3; "25.000", "2018" are numbers, never long.
# LIX = 25/2 + 100·3/25 = 12.5 + 12 = 24.5 → 25 (half up), Let
ABBREVIATIONS = ("Budgettet er på ca. 25.000 kr. om året, jf. pkt. 3 i aftalen. "
                 "Vi har f.eks. brugt 12,5 % på kaffe, bl.a. til møderne i 2018.")

# A URL, an e-mail address and a list: each line is a sentence.
# Læs mere på <url> (4) | Skriv til <e-mail> hvis du har spørgsmål (7) | Dagsorden (1, the colon ends it)
# | Velkomst (1) | Godkendelse af referat (3) | Eventuelt (1): words 17, sentences 6.
# Long: spørgsmål (9), Dagsorden (9), Velkomst (8), Godkendelse (11), referat (7), Eventuelt (9) = 6;
# the URL and the address are never long. LIX = 17/6 + 100·6/17 = 2.83 + 35.29 = 38.1 → 38, Middel
LIST = """Læs mere på https://www.albertslund.dk/raad/udsatteraadet.
Skriv til raadet@albertslund.dk, hvis du har spørgsmål.
Dagsorden:
- Velkomst
- Godkendelse af referat
- Eventuelt"""

# One long municipal sentence: 30 words ("Social-" is the word "Social"; "1." before "marts" does not end it).
# Long (14): Forvaltningen 13, indstiller 10, Udsatterådet 12, sagsfremstillingen 18, vedrørende 10,
# kommunale 9, handleplan 10, hjemløshed 10, efterretning 12, fremsender 10, høringssvar 11,
# Sundhedsudvalget 16, udløbet 7, høringsfristen 14. LIX = 30/1 + 100·14/30 = 30 + 46.67 = 76.67 → 77
MUNICIPAL = ("Forvaltningen indstiller, at Udsatterådet tager sagsfremstillingen vedrørende den kommunale "
             "handleplan for hjemløshed til efterretning og fremsender et høringssvar til Social- og "
             "Sundhedsudvalget inden udløbet af høringsfristen den 1. marts 2026.")

# Sentence ends after a closing abbreviation before a capital, ? and !, numbered list items.
# Vi køber kaffe te kage osv. (6) | Det koster 500 kr. (4) | Kommer du (2) | Ja (1) | Mød op kl. 17 (4; the
# marker "1." is no word) | Tag en ven med (4): words 21, sentences 6, long 0 (køber 5, Kommer 6).
# LIX = 21/6 + 0 = 3.5 → 4, Meget let
ENDINGS = "Vi køber kaffe, te, kage osv. Det koster 500 kr. Kommer du? Ja!\n1. Mød op kl. 17.\n2. Tag en ven med."

# Hyphenated compounds and letters beyond a–z: Ældre-rådet (10 letters) og idé-gruppen (10) mødes på café
# Østerbro (8) i 2026-2027 (a number): words 9, sentences 1, long 3. LIX = 9 + 33.33 = 42.33 → 42, Middel
LETTERS = "Ældre-rådet og idé-gruppen mødes på café Østerbro i 2026-2027."


@pytest.mark.parametrize(("text", "words", "sentences", "long_words", "value", "band"), [
    (PLAIN, 15, 3, 3, 25, "easy"),
    (ABBREVIATIONS, 25, 2, 3, 25, "easy"),
    (LIST, 17, 6, 6, 38, "medium"),
    (MUNICIPAL, 30, 1, 14, 77, "very_hard"),
    (ENDINGS, 21, 6, 0, 4, "very_easy"),
    (LETTERS, 9, 1, 3, 42, "medium"),
], ids=["plain", "abbreviations", "list", "municipal", "endings", "letters"])
def test_hand_counted_paragraphs(text, words, sentences, long_words, value, band):
    result = analyse(text)
    assert (result.words, result.sentences, result.long_word_count) == (words, sentences, long_words)
    assert (result.lix, result.band) == (value, band)
    assert lix(text) == value


def test_the_long_words_are_listed_once_each_as_written():
    result = analyse(LIST + "\nGodkendelse igen.")
    assert result.long_words == ["spørgsmål", "Dagsorden", "Velkomst", "Godkendelse", "referat", "Eventuelt"]
    assert result.long_word_count == 7  # the repeated word counts in the LIX every time


def test_numbers_urls_and_addresses_are_words_but_never_long():
    # Se <url> eller <address> om 1.234.567 kr.: 7 words
    result = analyse("Se www.stemme.example/en/meget/lang/adresse eller skriv@example.org om 1.234.567 kr.")
    assert result.words == 7
    assert result.long_words == []


def test_a_long_sentence_has_more_than_twenty_words():
    twenty = " ".join(["ord"] * 20) + "."
    assert analyse(twenty).long_sentences == []
    result = analyse("Kort sætning. " + " ".join(["ord"] * 21) + ". Slut.")
    assert result.long_sentences == [" ".join(["ord"] * 21) + "."]
    assert result.longest_sentence == 21


@pytest.mark.parametrize(("text", "sentences"), [
    ("Bemærk: vi mødes i morgen.", 2),          # a colon ends a sentence (Björnsson's rule)
    ("Vi mødes kl. 16:30 i salen.", 1),          # a time is a number, not a colon
    ("Det koster 500 kr. om måneden.", 1),       # a closing abbreviation before a lower-case word
    ("Det koster 500 kr. Vi betaler.", 2),        # … and before a capital
    ("Se f.eks. Rådet for Socialt Udsatte.", 1),  # a leading abbreviation never ends one
    ("Mødet er den 3. marts.", 1),                # an ordinal
    ("Vi kom sent. så gik vi.", 2),               # … but a full stop after a word ends it, capital or not
    ("Hvad nu?! Vi venter...", 2),                # runs of marks are one end
    ("Første linje uden punktum\nAnden linje", 2),  # the end of a line ends a sentence
    ("!!! ... ???", 0),                           # no words, no sentence
], ids=["colon", "time", "kr-lower", "kr-capital", "f.eks.", "ordinal", "lower-case", "marks", "lines",
        "marks-only"])
def test_where_a_sentence_ends(text, sentences):
    assert analyse(text).sentences == sentences


def test_empty_text_has_lix_zero():
    for text in ("", "   \n\n", "– • –"):
        result = analyse(text)
        assert (result.lix, result.words, result.sentences, result.band) == (0, 0, 0, "very_easy")


def test_decomposed_letters_count_as_one():
    decomposed = unicodedata.normalize("NFD", "Café idé")
    assert len(decomposed) > len("Café idé")
    result = analyse(decomposed)
    assert result.words == 2 and result.long_words == []


@pytest.mark.parametrize(("value", "band", "label"), [
    (0, "very_easy", "Meget let"), (24, "very_easy", "Meget let"),
    (25, "easy", "Let"), (34, "easy", "Let"),
    (35, "medium", "Middel"), (44, "medium", "Middel"),
    (45, "hard", "Svær"), (54, "hard", "Svær"),
    (55, "very_hard", "Meget svær"), (300, "very_hard", "Meget svær"),
])
def test_bands_at_their_edges(value, band, label):
    assert band_for(value) == (band, label)


def test_the_formula_rounds_half_up():
    assert lix_from_counts(words=25, sentences=2, long_words=3) == 25  # 24.5
    assert lix_from_counts(words=16, sentences=3, long_words=3) == 24  # 24.08
    assert lix_from_counts(words=0, sentences=0, long_words=0) == 0


# --- Plain words ---------------------------------------------------------------------------------

def test_suggestions_find_inflected_forms_and_phrases_in_reading_order():
    result = analyse("I henhold til indstillingen er bevillingerne disponeret, og høringssvarene er sendt.")
    assert result.suggestions == [
        ("I henhold til", "efter"), ("indstillingen", "forslag"), ("bevillingerne", "penge man har fået lov at bruge"),
        ("disponeret", "brugt"), ("høringssvarene", "svar på høringen")]


def test_a_word_is_suggested_once():
    result = analyse("Sagsfremstilling. Sagsfremstillingen. Sagsfremstillinger.")
    assert result.suggestions == [("Sagsfremstilling", "hvad sagen handler om")]


def test_a_councils_word_overrides_the_shared_one_and_adds_new_ones():
    words = readability.shared_plain_words().overridden_by([("indstilling", "anbefaling"), ("bostøtte", "hjælp")])
    result = analyse("Indstillingen om bostøtten.", words=words)
    assert result.suggestions == [("Indstillingen", "anbefaling"), ("bostøtten", "hjælp")]


def test_short_words_are_not_taken_for_inflected_forms():
    words = PlainWords({"takst": "pris"})
    assert words.lookup("taksterne") == ("takst", "pris")
    assert words.lookup("tak") is None
    assert analyse("Tak for i dag.", words=words).suggestions == []


def test_the_shared_list_has_at_least_150_unique_complete_pairs():
    content = readability.DATA_FILE.read_text(encoding="utf-8")
    assert "Stemme" in content and "EUPL-1.2" in content  # the header says whose list it is and its licence
    pairs = parse_plain_words(content)
    words = [word.lower() for word, _plain in pairs]
    assert len(pairs) >= 150
    assert len(set(words)) == len(words), sorted({w for w in words if words.count(w) > 1})
    assert all(word.strip() and plain.strip() for word, plain in pairs)
    assert all(word == word.lower() for word in words)  # base forms in lower case, as the lookup expects
    assert len(readability.shared_plain_words()) == len(pairs)


# --- Any text at all -----------------------------------------------------------------------------

DANISH_ISH = st.text(alphabet=st.sampled_from(list("abeilnorstæøåÆØÅé EOS.,:;!?-–'\n\t0123456789@/%()\"")),
                     max_size=400)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=400), DANISH_ISH))
def test_any_text_is_measured_within_bounds(text):
    result = analyse(text)
    assert 0 <= result.lix <= result.longest_sentence + 100
    assert result.sentences <= result.words
    assert result.long_word_count <= result.words
    assert (result.words == 0) == (result.lix == 0 and result.sentences == 0) or result.words > 0
    assert result.band == band_for(result.lix)[0]


@pytest.mark.parametrize("text", ["a-." * 16000, "a+" * 25000, "x_" * 25000, "ab." * 16000 + "x", " " * 50000],
                         ids=["hyphen-dot", "plus", "underscore", "dotted", "spaces"])
def test_a_pathological_text_is_measured_in_linear_time(text):
    # Before the address and abbreviation patterns were bounded, each of these took 30–80 s
    # (a scan quadratic in the length); now each takes well under a second.
    started = time.perf_counter()
    analyse(text)
    assert time.perf_counter() - started < 5


def test_a_pictogram_marker_of_an_easy_read_text_is_not_a_word():
    # "[beslutning]" would be one long word (10 letters) and "[moede]" a short one: neither counts.
    plain = analyse("Rådet valgte en ny formand.\n- Hun hedder Sara.")
    marked = analyse("[beslutning] Rådet valgte en ny formand.\n[moede] - Hun hedder Sara.")
    assert (marked.words, marked.sentences, marked.long_words) == (plain.words, plain.sentences, ["formand"])
    assert marked.lix == plain.lix
    # Brackets inside a sentence are ordinary text.
    assert analyse("Se punkt [bilag] nu.").words == 4
