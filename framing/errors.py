"""Errors a user can cause, each with the exit code the CLI returns for it."""

from __future__ import annotations


class FramingError(Exception):
    """Base class: a problem with the user's input or setup, reported without a traceback."""

    exit_code = 1


class InputNotFound(FramingError):
    exit_code = 3


class EmptyInput(FramingError):
    exit_code = 4


class BinaryInput(FramingError):
    exit_code = 5


class InputTooLarge(FramingError):
    exit_code = 6


class DecodeFailure(FramingError):
    exit_code = 7


class MalformedInput(FramingError):
    """HTML, CSV or JSON that cannot be read, or a table without the named column."""

    exit_code = 8


class DataFileError(FramingError):
    """A corpus, registry or lexicon file (the project's or a user's) that fails validation."""

    exit_code = 9


class ModelError(FramingError):
    """A model file that is missing, corrupt or fails its checksum."""

    exit_code = 10


# argparse exits with 2 on a usage error; a batch in which some documents failed exits with 11.
BATCH_PARTIAL_FAILURE = 11
