"""Files handed to legacy systems: written atomically into a folder they watch.

A reader of the folder sees a file whole or not at all: the bytes go to a
hidden temporary name in the same folder (same file system, so the rename is
atomic), are flushed to disk, then renamed to their final name.
"""

import contextlib
import hashlib
import os
import tempfile

# The longest acknowledgement file read, in bytes (files are untrusted).
MAX_ACK_FILE_SIZE = 2 * 1024 * 1024
MAX_ACK_ROWS = 20000


def check_folder(path):
    """Return the problem with ``path`` as a server folder to write into, or
    None. Only absolute paths without ``..``, existing, writable directories."""
    if not path:
        return "empty"
    if not os.path.isabs(path):
        return "relative"
    if ".." in path.replace("\\", "/").split("/"):
        return "parent"
    if not os.path.isdir(path):
        return "missing"
    if not os.access(path, os.W_OK | os.X_OK):
        return "readonly"
    return None


def ensure_folder(path):
    os.makedirs(path, exist_ok=True)
    return path


def _rename(src, dst):
    # One place for the atomic step, so a test can make it fail.
    os.replace(src, dst)


def write_atomic(folder, name, data):
    """Write ``data`` (bytes) to ``folder/name`` atomically; return its sha256.
    On any failure the temporary file is removed and nothing is left under
    ``name`` that was not there before."""
    if os.path.basename(name) != name or name.startswith("."):
        raise ValueError(name)
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _rename(tmp, os.path.join(folder, name))
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(folder)
    return hashlib.sha256(data).hexdigest()


def _fsync_dir(folder):
    # The rename itself is durable only once the directory is flushed.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def read_capped(path, limit=MAX_ACK_FILE_SIZE):
    """The bytes of ``path``, or None if it is larger than ``limit``."""
    with open(path, "rb") as handle:
        data = handle.read(limit + 1)
    return None if len(data) > limit else data


def move_to(path, folder):
    """Move ``path`` into ``folder`` (created if needed), never overwriting a
    file already there; return the new path."""
    ensure_folder(folder)
    base = os.path.basename(path)
    target = os.path.join(folder, base)
    counter = 1
    while os.path.exists(target):
        target = os.path.join(folder, f"{base}.{counter}")
        counter += 1
    _rename(path, target)
    return target


def safe_name(value):
    """A file-name-safe form of an order or company reference."""
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in value or "")[:64]
