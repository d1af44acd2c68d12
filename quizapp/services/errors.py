"""Errors the services raise for the learner to read."""


class AnswerError(Exception):
    """The answer cannot be recorded; the message tells the learner why."""
