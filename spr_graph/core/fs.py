"""File-system facts every reader and writer shares: what an ``OSError`` means for the
user, and file names made from data.

:func:`os_error` turns an ``OSError`` into an :class:`~spr_graph.core.errors.InputError` that
names the path and whose advice follows ``errno`` (:data:`HINTS`), so that a
full disk says "free some space" and a file name that is too long says so, instead of
one hint for every failure.

:func:`file_stem` is the one place where data (a label, an IRI) becomes part of a file
name: ASCII letters, digits and ``-`` only, so no path separator, no leading dot, no
control character and no reserved device name can come through; at most
:data:`STEM_LIMIT` characters, the cut ones replaced by a short hash of the whole text so
that two long labels sharing a beginning still differ. :func:`unique_name` settles the
remaining clashes (two labels that make the same stem) with a hash of each item's
identity, so a name never depends on the order in which items are met.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re

from spr_graph.core.errors import InputError, Location

#: errno -> what to do about it.
HINTS: dict[int, str] = {
    errno.ENOSPC: "free some space or choose another place",
    errno.EDQUOT: "the disk quota is used up: free some space or choose another place",
    errno.EROFS: "the file system is read-only: choose another place",
    errno.EACCES: "check the permissions, or choose another place",
    errno.EPERM: "check the permissions, or choose another place",
    errno.ENOENT: "check that the path exists",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EISDIR: "it is a folder: give a file",
    errno.ENAMETOOLONG: "the name is too long for this file system: use a shorter one",
    errno.ELOOP: "too many symbolic links: give the real path",
    errno.EEXIST: "something of that name is in the way",
    errno.EMFILE: "too many open files: raise the limit (ulimit -n)",
    errno.EIO: "the device reported an input/output error",
    errno.EXDEV: "source and target are on different file systems",
}

#: Longest stem :func:`file_stem` makes: file names stay far below every file system's
#: 255-byte limit, with room for a prefix and a suffix.
STEM_LIMIT = 60
#: Hex digits of a hash kept to tell names apart.
HASH_DIGITS = 8
#: Names Windows reserves for devices (a pack may be copied there).
RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                      *(f"lpt{i}" for i in range(10))})


def os_error(exc: OSError, path: str | os.PathLike[str] | None = None, what: str = "write",
             after: str = "") -> InputError:
    """An :class:`InputError` saying what ``exc`` means at ``path`` (default: the path the
    error names) and what to do, chosen by ``errno`` (:data:`HINTS`);
    ``after`` ends the hint (e.g. "the previous pack is unchanged").

    >>> str(os_error(OSError(28, "No space left on device"), "out/x.html"))
    'out/x.html: cannot write: No space left on device (free some space or choose another place)'
    >>> str(os_error(OSError("IO error: No space left on device: While appending"), "db"))
    'db: cannot write: No space left on device (free some space or choose another place)'
    """
    where = path if path is not None else exc.filename
    message = exc.strerror or str(exc) or type(exc).__name__
    number = exc.errno if exc.errno is not None else _errno_in(message)
    if exc.errno is None and number is not None:  # e.g. RocksDB's "IO error: ..." text
        message = os.strerror(number)
    hint = HINTS.get(number or 0, "check the path and run again")
    if exc.errno == errno.ENOENT and where is not None and os.path.islink(where):
        message = f"it is a symbolic link to {os.readlink(where)}, which does not exist"
        hint = "fix or remove the link"
    hint = f"{hint}; {after}" if after else hint
    location = Location(os.fsdecode(where)) if where is not None else None
    return InputError(f"cannot {what}: {message}", location, hint)


def _errno_in(message: str) -> int | None:
    """The error number whose text ``message`` quotes: libraries that are not Python
    (pyoxigraph's RocksDB) raise ``OSError`` with the text only."""
    return next((number for number in HINTS if os.strerror(number) in message), None)


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:HASH_DIGITS]


def file_stem(text: str, fallback: str = "item", limit: int = STEM_LIMIT) -> str:
    """``text`` as a safe, bounded part of a file name (see the module doc).

    >>> file_stem("Serious & Organised Crime")
    'serious-organised-crime'
    >>> file_stem("../../etc/passwd")
    'etc-passwd'
    >>> len(file_stem("x" * 300)) <= STEM_LIMIT
    True
    """
    stem = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(stem) > limit:
        stem = f"{stem[:limit - HASH_DIGITS - 1].rstrip('-')}-{_short_hash(text)}"
    if not stem:
        return fallback
    return f"{stem}-" if stem in RESERVED else stem


def unique_name(stem: str, identity: str, taken: set[str], prefix: str = "",
                suffix: str = "") -> str:
    """``prefix + stem + suffix``, or when ``taken`` holds that already, the same with a
    hash of ``identity`` added (stable whatever order the items come in); the name is
    added to ``taken``.

    Parameters
    ----------
    stem : str
        The name's stem, usually from :func:`file_stem`.
    identity : str
        What the item is (an IRI, say): it decides the hash when the stem is taken.
    taken : set of str
        The names given so far; the new name is added to it.
    prefix, suffix : str
        Put before and after the stem (``.html``).

    Returns
    -------
    str
        A name not in ``taken`` before the call.

    Examples
    --------
    >>> taken = set()
    >>> unique_name("rocu", "ag:rocu-a", taken, suffix=".html")
    'rocu.html'
    >>> unique_name("rocu", "ag:rocu-b", taken, suffix=".html")
    'rocu-ca6ec954.html'
    """
    name = f"{prefix}{stem}{suffix}"
    salt = ""
    while name in taken:
        salt += identity
        name = f"{prefix}{stem}-{_short_hash(salt)}{suffix}"
    taken.add(name)
    return name

