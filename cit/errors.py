"""Errors that mean "the user asked for something we cannot do".

The CLI prints these as one line (no traceback) and exits non-zero. Anything else that
escapes is a bug in cit and keeps its traceback.
"""


class UserError(Exception):
    """Bad input from the user: a config, a path, a flag. The message is shown as is."""


class RunFolderError(UserError):
    """A run folder that cannot be used: unwritable, corrupt, or from another config."""


class MachineFault(UserError):
    """The machine failed, not a record: a sandbox or renderer that cannot start, a host
    that cannot write. The run stops with this one line; nothing is rejected for it, no
    `DONE` is written, and the same command resumes once the machine is fixed."""
