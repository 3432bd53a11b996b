"""The one error an import raises when it refuses a whole file: its message is in French and
says what to fix; nothing has been written."""


class ImportRefused(Exception):
    pass
