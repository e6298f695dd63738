"""The one error every data file raises when it cannot be used (registry, rules, catalogue, lexicon).

Commands catch :class:`DataFileError` and print its message on one line, ``path[:line]: problem``, with exit
status 2, before anything is written.
"""

from __future__ import annotations

import os


class DataFileError(ValueError):
    """A data file that is missing, unreadable, not valid YAML, or does not follow its schema.

    ``path`` (and ``line`` when known) say where; ``problem`` says what. The message is
    ``path:line: problem``, ``path: problem``, or just ``problem`` for an error that is not in one file
    (a rule referring to a list no file defines). A message already naming its file can be passed alone.
    """

    def __init__(
        self, problem: str, *, path: str | os.PathLike[str] | None = None, line: int | str | None = None
    ) -> None:
        self.problem = problem
        self.path = None if path is None else os.fspath(path)
        self.line = line
        where = "" if self.path is None else self.path if line is None else f"{self.path}:{line}"
        super().__init__(f"{where}: {problem}" if where else problem)

    def __reduce__(self) -> tuple:
        # Keeps path and line when the error crosses a process boundary (a worker's error, pickled).
        return _rebuild, (type(self), self.problem, self.path, self.line)


def _rebuild(
    cls: type[DataFileError], problem: str, path: str | None, line: int | str | None
) -> DataFileError:
    return cls(problem, path=path, line=line)
