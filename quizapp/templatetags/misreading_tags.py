"""The misreading behind a recorded answer, for the feedback template."""

from django import template

from quizapp.bank.misreadings import explain, of_answer

register = template.Library()


@register.filter
def misreading_of(response, question):
    """``{{ response|misreading_of:question }}``: the Explanation, or None when the answer
    is right or the option carries no tag."""
    if response is None or response.is_correct:
        return None
    choice = response.choice if response.choice_id else None
    return explain(
        of_answer(
            kind=question.kind,
            is_correct=response.is_correct,
            choice_misreading=choice.misreading if choice else None,
        )
    )
