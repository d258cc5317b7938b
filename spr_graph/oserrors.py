"""Operating-system errors as one accurate sentence: what failed, where, and what to do.

The advice follows the error number, never a guess: a full disk asks for space, a
read-only folder for another place, a name too long for a shorter one.
"""

from __future__ import annotations

import errno

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


def describe_os_error(exc: OSError, action: str = "") -> str:
    """``exc`` as ``PATH: what happened (what to do)``.

    Examples
    --------
    >>> describe_os_error(OSError(errno.ENOSPC, "No space left on device", "out/x.html"))
    'out/x.html: No space left on device (free some space or choose another place)'
    >>> describe_os_error(PermissionError(errno.EACCES, "Permission denied", "/r"), "cannot write")
    '/r: cannot write: Permission denied (check the permissions, or choose another place)'
    """
    what = exc.strerror or str(exc) or type(exc).__name__
    if action:
        what = f"{action}: {what}"
    where = exc.filename if exc.filename is not None else ""
    if isinstance(where, bytes):
        where = where.decode("utf-8", "replace")
    text = f"{where}: {what}" if where else what
    hint = HINTS.get(exc.errno) if exc.errno is not None else None
    return f"{text} ({hint})" if hint else text
