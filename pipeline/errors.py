"""Errors a user can cause. Each carries a one-line message fit for stderr and errors.jsonl."""


class NtmError(Exception):
    """Base class: anything the CLI reports as one line instead of a traceback."""

    code = "error"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InputError(NtmError):
    """The input cannot be read: missing, unreadable, unsupported, corrupt, encrypted."""

    code = "input_error"


class UnsupportedFormat(InputError):
    code = "unsupported_format"


class EncryptedDocument(InputError):
    code = "encrypted"


class CorruptDocument(InputError):
    code = "corrupt"


class TooLarge(InputError):
    """The input would take unbounded time or memory: too many pages, pixels or unpacked bytes."""

    code = "too_large"


class OcrUnavailable(NtmError):
    code = "ocr_unavailable"
