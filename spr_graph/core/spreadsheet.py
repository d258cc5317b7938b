"""Spreadsheet formula injection: the one rule every CSV and TSV writer applies."""

from __future__ import annotations

#: A cell starting with one of these is read as a formula by Excel, LibreOffice and Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str, numeric: bool = False) -> str:
    """``text`` made inert for a spreadsheet: a leading ``'`` before a formula start.

    Numbers (``-3``, ``+1.5``) are left alone when the caller knows the cell is numeric.

    Parameters
    ----------
    text : str
        The cell's text.
    numeric : bool
        Whether the cell holds a number (then it is returned unchanged).

    Returns
    -------
    str
        ``text``, with a ``'`` in front when it starts with one of :data:`FORMULA_STARTS`.

    Examples
    --------
    >>> neutralise("=HYPERLINK(A1)")
    "'=HYPERLINK(A1)"
    >>> neutralise("-3"), neutralise("-3", numeric=True), neutralise("Kent")
    ("'-3", '-3', 'Kent')
    """
    if text.startswith(FORMULA_STARTS) and not numeric:
        return "'" + text
    return text
