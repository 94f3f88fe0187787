"""Vietnamese alphabetical order: the one sort key for names of committees and people.

The alphabet is a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (f j w z, found in
foreign names, in their Latin places); the tone is weaker than the letter: words are compared by
their letters first, and only when all letters are equal by their tones, in the dictionary order
ngang, huyền, hỏi, ngã, sắc, nặng (a à ả ã á ạ), then lower case before upper case. Numbers
compare by value ("Phường 2" before "Phường 10"); a space is weaker than any letter ("An Bình"
before "Anh"). The tone belongs to the syllable, so the old and new accent placements (Hoà/Hòa,
Thuỷ/Thủy) and NFC/NFD spellings give the same key.

`sort_key(text)` is a string of ASCII digits only: Python, SQLite and PostgreSQL (whatever its
collation) order such strings the same way, so it can be stored in a column and used in
ORDER BY with the same result as sorting in Python.
"""

import unicodedata

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER = {ch: f"{20 + i:02d}" for i, ch in enumerate(_ALPHABET)}  # 20..52, two digits each
_END, _SPACE, _PUNCT, _NUMBER, _OTHER = "00", "01", "02", "03", "99"

# combining marks that make a letter of the alphabet, and the five tones (dictionary order)
_SHAPE = {"\u0306": "ă", "\u0302": {"a": "â", "e": "ê", "o": "ô"}, "\u031b": {"o": "ơ", "u": "ư"}}
_TONE = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}

MAX_LENGTH = 1000  # the stored column's size; longer keys are cut (only ties in the tail are lost)


def _letters(text: str):
    """(base letter or other character, tone digit, is upper case) per visible character."""
    for ch in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", ch)
        base, marks = decomposed[0], decomposed[1:]
        upper = base != base.lower()
        base = base.lower()
        tone = "0"
        for mark in marks:
            if mark in _TONE:
                tone = _TONE[mark]
            elif mark == "\u0306" and base == "a":
                base = "ă"
            elif isinstance(_SHAPE.get(mark), dict) and base in _SHAPE[mark]:
                base = _SHAPE[mark][base]
        if base == "đ" or ch in "Đđ":
            base = "đ"
        yield base, tone, upper


def sort_key(text: str | None) -> str:
    """The key that orders `text` as a Vietnamese dictionary does; digits only (see above)."""
    chars = list(_letters(text or ""))
    primary, tones, cases = [], [], []
    syllable_tone = None  # the tone of the word being read, wherever its mark sits
    i = 0

    def end_syllable():
        nonlocal syllable_tone
        if syllable_tone is not None:
            tones.append(syllable_tone)
            syllable_tone = None

    while i < len(chars):
        base, tone, upper = chars[i]
        if base in _LETTER:
            primary.append(_LETTER[base])
            cases.append("1" if upper else "0")
            syllable_tone = tone if syllable_tone in (None, "0") else syllable_tone
            i += 1
            continue
        end_syllable()
        if base.isdigit():
            j = i
            while j < len(chars) and chars[j][0].isdigit():
                j += 1
            digits = "".join(str(unicodedata.digit(c[0], 0)) for c in chars[i:j]).lstrip("0") or "0"
            primary.append(_NUMBER + f"{min(len(digits), 99):02d}" + "".join("1" + d for d in digits))
            i = j
            continue
        if base.isspace():
            if primary and primary[-1] != _SPACE:
                primary.append(_SPACE)
        elif base.isalpha():
            primary.append(_OTHER + f"{ord(base):08d}")
            cases.append("1" if upper else "0")
        else:
            primary.append(_PUNCT)
        i += 1
    end_syllable()
    while primary and primary[-1] == _SPACE:
        primary.pop()
    key = "".join(primary) + _END + "".join(tones) + "0" + "".join(cases)
    return key[:MAX_LENGTH]


def sorted_by_name(items, name=lambda item: item):
    """`items` in Vietnamese order of `name(item)`."""
    return sorted(items, key=lambda item: sort_key(name(item)))


def fold_name(text: str | None) -> str:
    """The form in which two spellings of one name are equal: lower case, single spaces, NFC or NFD,
    old or new accent placement (Hoà/Hòa, Thuỷ/Thủy, Quý/Qúy). Each word is written as its letters
    (ă â ê ô ơ ư đ kept) followed by its tone digit when it has one: "Hoà Hương" -> "hoa1 hương"."""
    words, letters, tone = [], [], "0"
    for base, mark, _upper in _letters(" ".join((text or "").split())):
        if base.isspace():
            words.append("".join(letters) + (tone if tone != "0" else ""))
            letters, tone = [], "0"
            continue
        letters.append(base)
        if mark != "0":
            tone = mark
    words.append("".join(letters) + (tone if tone != "0" else ""))
    return " ".join(w for w in words if w)


def same_name(a: str | None, b: str | None) -> bool:
    """True when `a` and `b` are the same name spelt either way (see fold_name)."""
    return fold_name(a) == fold_name(b)
