"""Text made safe to show in a terminal.

Labels, quotes and file names come from data, and data may be hostile: an ESC sequence
can retitle the window, clear the screen or fake a prompt, a carriage return can
overwrite what was printed, and a bidirectional override (U+202E) can reorder the text a
reviewer reads. :func:`terminal_safe` shows each such character as a visible escape
(``\\x1b``, ``\\u202e``) instead, so nothing is hidden and nothing is executed.

Only text meant for people goes through it: tables, Markdown, messages. CSV, TSV, JSON,
XML and RDF keep the data exact (their own escaping applies).
"""

from __future__ import annotations

import re

#: Unicode's bidirectional formatting characters (UAX #9) and the line and paragraph
#: separators, which terminals may treat as line ends.
_BIDI_AND_SEPARATORS = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F),
                        *range(0x2066, 0x206A), 0x2028, 0x2029)


def _escape(code: int) -> str:
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _table(keep: str) -> dict[int, str]:
    codes = [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0), *_BIDI_AND_SEPARATORS]
    return {code: _escape(code) for code in codes if chr(code) not in keep}


def _finder(table: dict[int, str]) -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(table)) + "]")


_KEEP_LINES = _table("\n\t")
_ONE_LINE = _table("\t")
#: Each table's characters as a pattern: ``str.translate`` walks a long text that is not
#: ASCII one character at a time (2 s for a 7 MB table of citations), a search does not.
_FINDERS = {False: _finder(_KEEP_LINES), True: _finder(_ONE_LINE)}  # by one_line


def terminal_safe(text: str, *, one_line: bool = False) -> str:
    """``text`` with control, bidi-override and separator characters shown as escapes.

    Newlines and tabs are kept unless ``one_line`` (then a newline becomes ``\\x0a``),
    so a message from data can never print a second line.

    Examples
    --------
    >>> terminal_safe("ACC \\x1b]0;pwned\\x07Security")
    'ACC \\\\x1b]0;pwned\\\\x07Security'
    >>> terminal_safe("abc\\u202edef")
    'abc\\\\u202edef'
    >>> terminal_safe("two\\nlines", one_line=True)
    'two\\\\x0alines'
    >>> terminal_safe("Cymraeg: Heddlu, emoji ✅")
    'Cymraeg: Heddlu, emoji ✅'
    """
    table = _ONE_LINE if one_line else _KEEP_LINES
    return _FINDERS[one_line].sub(lambda found: table[ord(found.group())], text)
