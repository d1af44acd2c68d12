"""What a question's feedback shows for an answer: the student's page and the admin's
preview build it here, once."""


def feedback_context(*, question, choices, response) -> dict:
    """The answer's citations (the question's, plus the chosen choice's), the right
    choice and order, and the order given, for quizapp/_feedback.html."""
    by_id = {c.id: c for c in choices}
    citations = list(question.citations.all())
    shown = [c for c in citations if c.choice_id is None]
    if response and response.choice_id:
        shown += [c for c in citations if c.choice_id == response.choice_id]
    return {
        "question": question,
        "choices": choices,
        "response": response,
        "correct_choice": next((c for c in choices if c.is_correct), None) if response else None,
        "correct_order": sorted(choices, key=lambda c: c.correct_position or 0),
        "given_order": [by_id[i] for i in (response.order if response else []) if i in by_id],
        "citations": shown,
    }
